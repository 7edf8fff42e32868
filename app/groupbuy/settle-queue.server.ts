import { enqueueJob } from "../jobs/queue.server";
import type { Executor } from "../lib/db.server";

/**
 * Queues a deal's settlement: at its deadline (one job per deadline it ever had: a moved deadline
 * queues a new one, and the old one finds the deal not yet due), or at once when full.
 */
export function enqueueSettlement(
  tx: Executor,
  { offerId, when }: { offerId: string; when: Date | "full" },
) {
  return enqueueJob({
    tx,
    kind: "groupbuy_settle",
    payload: { offerId },
    dedupeKey: `groupbuy_settle:${offerId}:${when === "full" ? "full" : when.getTime()}`,
    ...(when === "full" ? {} : { runAt: when }),
  });
}
