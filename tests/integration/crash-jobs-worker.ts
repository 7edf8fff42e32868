// Child process for crash-recovery.test.ts: one pass of the real job queue (claim with a lease,
// run the registered handlers) against DATABASE_URL, as any app process's worker would, then
// prints `{ ran, failed }` as one JSON line. The test may SIGKILL it in the middle.
import { openPostgres, setDatabase } from "~/lib/db.server";
import { runDueJobs } from "~/jobs/queue.server";

const [url, workerId, leaseMs] = process.argv.slice(2);
const handle = openPostgres(url!, { max: 2 });
setDatabase(handle);
const result = await runDueJobs({ workerId: workerId!, leaseMs: Number(leaseMs), limit: 10 });
await handle.close();
process.stdout.write(`${JSON.stringify(result)}\n`);
