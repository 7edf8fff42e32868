// Completed checkouts per second through HTTP: N concurrent guest shoppers, each its own cookie
// jar, loop add to cart (oranges + cold-chain grapes, two cooperatives) → checkout page → submit
// the address → the simulated payment page → the 4242 card. A checkout counts once the payment's
// redirect to the order page arrives. Runs the production server on embedded PGlite (on disk,
// the default mode) and on PostgreSQL, then checks the books in the database and times the job
// worker (in the server) until every paid order has its parcels.
// Needs a production build (`npm run build`).
// Usage: tsx scripts/bench-checkout.ts [--seconds 20] [--shoppers 50] [--warmup 3] [--only pglite|postgresql] [--pg postgres://…]
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import pg from "pg";
import { openPglite, openPostgres, type DatabaseHandle } from "../app/lib/db.server";
import { startServer, type RunningServer } from "./lib/start-server";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "20" },
    shoppers: { type: "string", default: "50" },
    warmup: { type: "string", default: "3" },
    only: { type: "string" },
    pg: {
      type: "string",
      default: process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test",
    },
  },
});
const seconds = Number(values.seconds);
const shoppers = Number(values.shoppers);
const warmupS = Number(values.warmup);

// What each shopper buys: one pack from each of two cooperatives (one ambient, one cold chain).
const BASKET = [
  { path: "/p/gannan-navel-oranges", label: "5 公斤", owner: "orange.owner@harvest.example" },
  { path: "/p/dongshan-red-grapes", label: "2 公斤", owner: "grape.owner@harvest.example" },
];
const ADDRESS = {
  name: "压测顾客",
  mobile: "13800138000",
  province: "31",
  cityCode: "3101",
  districtCode: "310104",
  detail: "漕溪北路 201 弄 5 号 602 室",
  contactMobile: "13800138000",
  ambientService: "express",
};
const CARD = { number: "4242 4242 4242 4242", expiry: "12/34", cvc: "123", name: "BENCH SHOPPER" };
const STEPS = ["cart", "checkout page", "submit", "pay page", "pay"] as const;
type Step = (typeof STEPS)[number];

/** A browser's cookies, enough for our own Set-Cookie headers (no domains or paths to honour). */
class Jar {
  private cookies = new Map<string, string>();
  header = () => [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  take(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, pair!.slice(eq + 1));
    }
  }
}

class StepError extends Error {
  constructor(readonly kind: string) {
    super(kind);
  }
}

async function request(
  base: string,
  jar: Jar,
  step: Step,
  url: string,
  form?: Record<string, string>,
  expect = form ? 302 : 200,
) {
  const res = await fetch(base + url, {
    method: form ? "POST" : "GET",
    redirect: "manual",
    headers: {
      cookie: jar.header(),
      ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
    },
    body: form ? new URLSearchParams(form).toString() : undefined,
  }).catch((e: Error) => {
    throw new StepError(`${step}: ${e.cause instanceof Error ? e.cause.message : e.message}`);
  });
  jar.take(res);
  const body = await res.text();
  if (res.status !== expect)
    throw new StepError(
      `${step}: HTTP ${res.status}${res.headers.get("location") ? ` → ${res.headers.get("location")}` : ""}`,
    );
  return { body, location: res.headers.get("location") ?? "" };
}

const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

async function signIn(base: string, email: string): Promise<Jar> {
  const jar = new Jar();
  await request(base, jar, "cart", "/account/sign-in", {
    email,
    password: "harvest-demo-2026",
    redirectTo: "/admin",
  });
  return jar;
}

/** The basket's variant ids (read off the product pages) and enough stock for any run, added as each cooperative's owner would. */
async function prepare(base: string): Promise<string[]> {
  const ids: string[] = [];
  for (const item of BASKET) {
    const { body } = await request(base, new Jar(), "cart", item.path);
    const radios = [
      ...body.matchAll(
        /value="(var_[^"]+)"[^>]*>(?:<[^>]+>)*?<span class="variant__label">([^<]+)</g,
      ),
    ];
    const id = radios.find((m) => m[2]!.startsWith(item.label))?.[1];
    if (!id) throw new Error(`no "${item.label}" pack on ${item.path}`);
    const owner = await signIn(base, item.owner);
    await request(
      base,
      owner,
      "cart",
      `/admin/stock/${id}`,
      { intent: "adjust", variantId: id, delta: "1000000", reason: "bench stock" },
      200,
    );
    ids.push(id);
  }
  return ids;
}

interface Run {
  done: Array<{ at: number; total: number; steps: number[]; orderId: string; cookie: string }>;
  errors: Map<string, number>;
}

async function shopper(base: string, variantIds: string[], run: Run, until: () => boolean) {
  while (!until()) {
    const jar = new Jar();
    const t0 = performance.now();
    const steps: number[] = [];
    let t = t0;
    const lap = () => {
      const now = performance.now();
      steps.push(now - t);
      t = now;
    };
    try {
      for (const [i, item] of BASKET.entries())
        await request(
          base,
          jar,
          "cart",
          item.path,
          { variantId: variantIds[i]!, quantity: "1" },
          200,
        );
      lap();
      const page = await request(base, jar, "checkout page", "/checkout");
      const submitKey = /name="submitKey" value="([^"]+)"/.exec(page.body)?.[1];
      if (!submitKey) throw new StepError("checkout page: no submitKey in the form");
      lap();
      const submitted = await request(base, jar, "submit", "/checkout", { ...ADDRESS, submitKey });
      if (!submitted.location.startsWith("/pay/"))
        throw new StepError(
          `submit: redirected to ${submitted.location.replace(/[A-Za-z0-9]{8,}/g, ":id")}`,
        );
      lap();
      await request(base, jar, "pay page", submitted.location);
      lap();
      const paid = await request(base, jar, "pay", submitted.location, CARD);
      const orderId = /^\/orders\/([^?]+)\?paid=1$/.exec(paid.location)?.[1];
      if (!orderId)
        throw new StepError(
          `pay: redirected to ${paid.location.replace(/[A-Za-z0-9]{8,}/g, ":id")}`,
        );
      lap();
      run.done.push({
        at: performance.now(),
        total: performance.now() - t0,
        steps,
        orderId,
        cookie: jar.header(),
      });
    } catch (error) {
      const kind = error instanceof StepError ? error.kind : String(error);
      run.errors.set(kind, (run.errors.get(kind) ?? 0) + 1);
    }
  }
}

/** Time from `since` until every order page shows its parcels (the job worker runs in the server). */
async function waitForParcels(
  base: string,
  done: Run["done"],
  since: number,
): Promise<{ ms: number; missing: number }> {
  const parcels = (o: Run["done"][number]) =>
    fetch(`${base}/orders/${o.orderId}`, { headers: { cookie: o.cookie } })
      .then((r) => r.text())
      .then((html) => new Set(html.match(/\b[A-Z]{2}\d{9}CN\b/g) ?? []).size >= BASKET.length);
  const deadline = since + 120_000;
  // Jobs run oldest first: once the last order has parcels, nearly all have; then check each.
  let pending = [...done].reverse();
  while (pending.length && performance.now() < deadline) {
    const next: typeof pending = [];
    for (const o of pending) if (next.length || !(await parcels(o))) next.push(o);
    pending = next;
    if (pending.length) await new Promise((r) => setTimeout(r, 100));
  }
  return { ms: performance.now() - since, missing: pending.length };
}

/** The books after the run, straight from the database: paid orders, units sold, parcels, ledger. */
async function audit(handle: DatabaseHandle, variantIds: string[]) {
  const rows = async <T>(q: ReturnType<typeof sql>) =>
    ((await handle.db.execute(q)) as unknown as { rows: T[] }).rows;
  const ids = sql.join(
    variantIds.map((v) => sql`${v}`),
    sql`, `,
  );
  const [o] = await rows<Record<string, string>>(sql`select
      count(*) filter (where status in ('paid','fulfilling','shipped','delivered')) as paid,
      count(*) filter (where status = 'pending_payment') as pending,
      count(*) filter (where status = 'fulfilling') as fulfilling,
      (select count(*) from shipments s join orders o2 on o2.id = s.order_id where o2.user_id is null) as parcels
    from orders where user_id is null`);
  const [s] = await rows<Record<string, string>>(sql`select
      (select coalesce(sum(sold), 0) from inventory_levels where variant_id in (${ids})) as sold,
      (select coalesce(sum(l.quantity), 0) from order_lines l join orders o on o.id = l.order_id
        where l.variant_id in (${ids}) and o.status in ('paid','fulfilling','shipped','delivered')) as bought,
      (select coalesce(sum(l.quantity), 0) from order_lines l join orders o on o.id = l.order_id
        where l.variant_id in (${ids}) and o.user_id is null and o.status in ('paid','fulfilling','shipped','delivered')) as bench_bought,
      (select count(*) from inventory_levels v where not exists (select 1 from (select sum(available_delta) a, sum(reserved_delta) r, sum(sold_delta) s
        from inventory_ledger g where g.variant_id = v.variant_id) x where x.a = v.available and x.r = v.reserved and x.s = v.sold)) as unbalanced`);
  const n = (v: string | undefined) => Number(v ?? 0);
  return {
    paid: n(o!.paid),
    pending: n(o!.pending),
    fulfilling: n(o!.fulfilling),
    parcels: n(o!.parcels),
    sold: n(s!.sold),
    bought: n(s!.bought),
    benchBought: n(s!.bench_bought),
    unbalanced: n(s!.unbalanced),
  };
}

async function bench(name: string, server: RunningServer, openDb: () => Promise<DatabaseHandle>) {
  const base = server.url;
  const variantIds = await prepare(base);
  const run: Run = { done: [], errors: new Map() };
  const t0 = performance.now();
  const tMeasure = t0 + warmupS * 1000;
  const tEnd = tMeasure + seconds * 1000;
  await Promise.all(
    Array.from({ length: shoppers }, () =>
      shopper(base, variantIds, run, () => performance.now() >= tEnd),
    ),
  );
  const lastAt = Math.max(...run.done.map((d) => d.at));
  const parcels = await waitForParcels(base, run.done, lastAt);
  await server.stop();
  const handle = await openDb();
  const books = await audit(handle, variantIds).finally(() => handle.close());

  const measured = run.done.filter((d) => d.at >= tMeasure && d.at < tEnd);
  const ms = (xs: number[]) =>
    `${pct(xs, 50).toFixed(0).padStart(6)} ${pct(xs, 99).toFixed(0).padStart(6)} ${Math.max(...xs)
      .toFixed(0)
      .padStart(6)}`;
  console.log(
    `\n── ${name}: ${shoppers} shoppers, ${seconds} s measured after ${warmupS} s warm-up`,
  );
  console.log(
    `completed ${measured.length} checkouts in the window → ${(measured.length / seconds).toFixed(1)} checkouts/s (${run.done.length} in all, warm-up and tail included)`,
  );
  console.log("latency ms                  p50    p99    max");
  console.log(`whole checkout           ${ms(measured.map((d) => d.total))}`);
  for (const [i, step] of STEPS.entries())
    console.log(`  ${step.padEnd(22)} ${ms(measured.map((d) => d.steps[i]!))}`);
  console.log(
    `errors: ${run.errors.size ? [...run.errors].map(([k, v]) => `${v} × ${k}`).join("; ") : "none"}`,
  );
  console.log(
    `parcels: every paid order had them ${(parcels.ms / 1000).toFixed(1)} s after the last checkout${parcels.missing ? `; ${parcels.missing} orders still without after 120 s` : ""}`,
  );
  const ok = (b: boolean) => (b ? "ok" : "MISMATCH");
  console.log(
    `check: orders paid ${books.paid} = completed ${run.done.length}: ${ok(books.paid === run.done.length)}; unpaid (abandoned by errors) ${books.pending}`,
  );
  console.log(
    `check: units sold ${books.sold} = units in paid orders ${books.bought} (bench ${books.benchBought} = 2 × completed): ${ok(books.sold === books.bought && books.benchBought === BASKET.length * run.done.length)}`,
  );
  console.log(
    `check: parcels ${books.parcels} (${BASKET.length} per paid order: ${ok(books.parcels === BASKET.length * books.paid)}); orders moved on to 'fulfilling' by the job ${books.fulfilling}; ledger = levels on every variant: ${ok(books.unbalanced === 0)}`,
  );
}

async function withPostgresDatabase(url: string, fn: (dbUrl: string) => Promise<void>) {
  const name = `hl_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.query(`create database "${name}"`);
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  try {
    await fn(dbUrl.toString());
  } finally {
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

const cpu = cpus();
console.log(
  `machine: ${cpu.length} × ${cpu[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
console.log(
  "server and load generator share the machine; simulated payments; the job worker runs in the server",
);

const modes: Array<{ name: string; run: () => Promise<void> }> = [
  {
    name: "PGlite",
    run: async () => {
      const dir = mkdtempSync(path.join(tmpdir(), "hl-bench-pglite-"));
      try {
        const server = await startServer({
          env: { PGLITE_DIR: path.join(dir, "db") },
          timeoutMs: 600_000,
        });
        await bench("PGlite (embedded, on disk)", server, () =>
          openPglite(path.join(dir, "db")),
        ).finally(() => server.stop());
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
  {
    name: "PostgreSQL",
    run: () =>
      withPostgresDatabase(values.pg!, async (url) => {
        const server = await startServer({ env: { DATABASE_URL: url }, timeoutMs: 600_000 });
        await bench("PostgreSQL 15", server, async () => openPostgres(url, { max: 1 })).finally(
          () => server.stop(),
        );
      }),
  },
];
for (const mode of modes.filter(
  (m) => !values.only || m.name.toLowerCase() === values.only.toLowerCase(),
))
  await mode.run();
