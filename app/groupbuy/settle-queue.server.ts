import { enqueueJob } from "../jobs/queue.server";
import type { Executor } from "../lib/db.server";

/**
 * Queues a deal's settlement: at its deadline (one job per deadline it ever had: a moved deadline
 * queues a new one, and the old one finds the deal not yet due), or at once when full (at its
 * maximum then).
 */
export function enqueueSettlement(
  tx: Executor,
  { offerId, when }: { offerId: string; when: Date | { full: number } },
) {
  return enqueueJob({
    tx,
    kind: "groupbuy_settle",
    payload: { offerId },
    // Full at a maximum the owner later raised fills again at the new one: a job of its own.
    dedupeKey: `groupbuy_settle:${offerId}:${when instanceof Date ? when.getTime() : `full:${when.full}`}`,
    ...(when instanceof Date ? { runAt: when } : {}),
    // Money waits on it: a provider down for hours is retried (backoff capped at an hour) for days.
    maxAttempts: SETTLE_ATTEMPTS,
  });
}

export const SETTLE_ATTEMPTS = 200;

/** Who settlement's changes are recorded as. */
export const SETTLE_ACTOR = "job:groupbuy_settle";
