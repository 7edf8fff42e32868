// Child process for the crash tests (presale-crash, groupbuy-crash): the job worker of one app
// process against DATABASE_URL (runDueJobs in a loop, a short lease) until nothing is due or held
// by another worker's lease, then prints `{ ran, failed }` as one JSON line. Off-session charges
// and the captures and releases of holds go to the simulated provider, each call logged to a file
// first (the test counts them across processes). The test may SIGKILL it.
// Args: a PostgreSQL url or a PGlite data directory, worker id, lease ms, provider call log.
import { sql } from "drizzle-orm";
import { db, openPglite, openPostgres, setDatabase } from "~/lib/db.server";
import { runDueJobs } from "~/jobs/queue.server";
import { setPaymentProviderForTests } from "~/payments/provider.server";
import { countingProvider } from "../factories/counting-provider";

const [url, workerId, leaseMs, log] = process.argv.slice(2);
const handle = url!.startsWith("postgres")
  ? openPostgres(url!, { max: 2 })
  : await openPglite(url!);
setDatabase(handle);
setPaymentProviderForTests(countingProvider({ log: log! }).provider);
console.log = () => {}; // a line per notification sent: not this worker's answer
let ran = 0;
let failed = 0;
for (;;) {
  const r = await runDueJobs({ workerId: workerId!, leaseMs: Number(leaseMs), limit: 10 });
  ran += r.ran;
  failed += r.failed;
  if (r.ran > 0) continue;
  const open = (await db().execute(
    sql`select count(*)::int as n from jobs where done_at is null and failed_at is null and run_at <= now()`,
  )) as unknown as { rows: { n: number }[] };
  if (open.rows[0]!.n === 0) break;
  await new Promise((r) => setTimeout(r, 200)); // a dead worker's lease still runs
}
await handle.close();
process.stdout.write(`${JSON.stringify({ ran, failed })}\n`);
