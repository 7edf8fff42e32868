// Flash-sale claims per second in the database alone (no HTTP): grantClaims() batches of 100,
// 500 and 2,000 on one sale, against one transaction per claim (the naive path). PGlite in memory
// always; PostgreSQL too when DATABASE_URL is set (a scratch database is created and dropped).
// The HTTP figures are scripts/bench-flash-sale.ts's.
// Usage: tsx scripts/bench-claims.ts [--seconds 5]
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import pg from "pg";
import { flashSales } from "../db/live-schema";
import { offerInvariant } from "../app/inventory/offer-pools.server";
import { openPglite, openPostgres, setDatabase, type DatabaseHandle } from "../app/lib/db.server";
import { grantClaims } from "../app/live/claims.server";
import { liveSale } from "../tests/factories/live";

const { values } = parseArgs({ options: { seconds: { type: "string", default: "5" } } });
const seconds = Number(values.seconds);
let seq = 0;

async function rate(batch: number, saleId: string, callers: number): Promise<number> {
  const end = performance.now() + seconds * 1000;
  const start = performance.now();
  let granted = 0;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < end) {
        const requests = Array.from({ length: batch }, () => {
          const n = seq++;
          return { key: `bench-${n}`, shopperKey: `d:b${n}`, userId: null, quantity: 1 };
        });
        const answers = await grantClaims(saleId, requests);
        const ok = answers.filter((a) => a.ok).length;
        if (ok !== batch) throw new Error(`only ${ok} of ${batch} granted: the sale ran dry`);
        granted += ok;
      }
    }),
  );
  return (granted * 1000) / (performance.now() - start);
}

async function bench(label: string, handle: DatabaseHandle) {
  setDatabase(handle);
  await handle.migrate();
  for (const [batch, callers] of [
    [1, 8],
    [100, 1],
    [500, 1],
    [2_000, 1],
  ] as const) {
    const { saleId } = await liveSale({ stock: 3_000_000, quantity: 3_000_000 });
    const perSecond = await rate(batch, saleId, callers);
    const [sale] = await handle.db.select().from(flashSales).where(eq(flashSales.id, saleId));
    const books = await offerInvariant({ offerId: sale!.offerId });
    if (!books.balanced)
      throw new Error(`the pool's books do not balance: ${JSON.stringify(books)}`);
    console.log(
      `${label}: batch ${String(batch).padStart(5)}${callers > 1 ? ` × ${callers} callers` : ""}: ${Math.round(perSecond).toLocaleString("en")} claims/s`,
    );
  }
}

console.log(`${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}, ${seconds} s per figure`);
await bench("PGlite", await openPglite("memory://"));
if (process.env.DATABASE_URL) {
  const name = `bench_claims_${process.pid}`;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  const handle = openPostgres(url.toString(), { max: 10 });
  try {
    await bench("PostgreSQL", handle);
  } finally {
    await handle.close();
    await admin.query(`drop database ${name} with (force)`);
    await admin.end();
  }
}
process.exit(0);
