// Child process for live-claims.test.ts: `count` one-unit claims on one sale through the claim
// queue (keys <from>…), all at once, the first 20 by the shopper "u:shared", against the
// PostgreSQL database in DATABASE_URL; prints the outcome as one JSON line.
import { openPostgres, setDatabase } from "~/lib/db.server";
import { submitClaim } from "~/live/claims.server";

const [saleId, fromArg, countArg] = process.argv.slice(2);
const handle = openPostgres(process.env.DATABASE_URL!, { max: 10 });
setDatabase(handle);
const from = Number(fromArg);
const answers = await Promise.all(
  Array.from({ length: Number(countArg) }, (_, i) =>
    submitClaim(saleId!, {
      key: `worker-key-${from + i}`,
      shopperKey: i < 20 ? "u:shared" : `d:worker-${from + i}`,
      userId: null,
      quantity: 1,
    }),
  ),
);
await handle.close();
const granted = answers.filter((a) => a.ok).length;
const overLimit = answers.filter((a) => !a.ok && a.error === "over_limit").length;
process.stdout.write(`${JSON.stringify({ granted, overLimit })}\n`);
