// Child process for inventory-race.test.ts and offer-race.test.ts: `count` one-unit reserve() calls
// (refs <prefix>-<i>) on one variant, under `offerId` when given (else its standard offer), against
// the given PostgreSQL database, 20 at a time; prints the outcome as one JSON line.
import { reserve } from "~/inventory/reservations.server";
import { openPostgres, setDatabase } from "~/lib/db.server";

const [url, variantId, prefix, countArg, offerId] = process.argv.slice(2);
const handle = openPostgres(url!, { max: 20 });
setDatabase(handle);
const count = Number(countArg);
const ok: string[] = [];
const refused: Record<string, number> = {};
const expiresAt = new Date(Date.now() + 15 * 60_000);
await Promise.all(
  Array.from({ length: 20 }, async (_, lane) => {
    for (let i = lane; i < count; i += 20) {
      const ref = `${prefix}-${i}`;
      const r = await reserve({
        ref,
        lines: [{ variantId: variantId!, offerId, quantity: 1 }],
        expiresAt,
        actor: `worker-${prefix}`,
      });
      if (r.ok) ok.push(ref);
      else refused[r.error] = (refused[r.error] ?? 0) + 1;
    }
  }),
);
await handle.close();
process.stdout.write(`${JSON.stringify({ ok, refused })}\n`);
