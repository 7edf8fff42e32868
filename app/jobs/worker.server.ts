import { sweepExpiredHolds as sweepHolds } from "../inventory/hold-owners.server";
import { env } from "../lib/env.server";
import { defaultWorkerId, runDueJobs } from "./queue.server";

/** How often the safety-net sweep looks for holds whose expire job never ran. */
export const SWEEP_EVERY_MS = 60_000;

/**
 * Safety net for stock holds: each owner's own expiry (the expire_order job enqueued by placeOrder)
 * normally releases a lapsed hold. Any hold still there after its expiry is handed to its owner
 * again by inventory's sweeper; a hold with no owner is released there. `enqueued`: how many owners
 * took a lapsed hold in hand on this sweep.
 */
export async function sweepExpiredHolds({
  now = new Date(),
  limit = 100,
}: { now?: Date; limit?: number } = {}): Promise<{ enqueued: number }> {
  const { dispatched } = await sweepHolds({ now, limit });
  return { enqueued: dispatched };
}

export interface JobWorker {
  /** Stops polling; resolves once the batch in hand (if any) has finished. */
  stop(): Promise<void>;
}

/**
 * Works the queue in this process until stopped: a full batch is followed at once by the next,
 * otherwise it waits `pollMs`. Errors (the database restarting, …) are logged and retried on the
 * next poll. Several processes may run one each: claims never overlap (queue.server.ts).
 */
export function startJobWorker({
  pollMs = env.JOBS_POLL_MS,
  limit = 10,
  workerId = defaultWorkerId(),
  sweepEveryMs = SWEEP_EVERY_MS,
}: { pollMs?: number; limit?: number; workerId?: string; sweepEveryMs?: number } = {}): JobWorker {
  let stopped = false;
  let wake: (() => void) | undefined;
  let nextSweep = 0;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const loop = (async () => {
    while (!stopped) {
      let full = false;
      try {
        if (Date.now() >= nextSweep) {
          nextSweep = Date.now() + sweepEveryMs;
          await sweepExpiredHolds();
        }
        const { ran } = await runDueJobs({ workerId, limit });
        full = ran === limit;
      } catch (error) {
        console.error("job worker:", error instanceof Error ? error.message : error);
      }
      if (!stopped && !full) await sleep(pollMs);
    }
  })();

  return {
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
