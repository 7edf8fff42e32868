import { eq } from "drizzle-orm";
import { liveClaims } from "../../db/live-schema";
import { registerHoldOwner } from "../inventory/hold-owners.server";
import { enqueueJob } from "../jobs/queue.server";
import { db } from "../lib/db.server";

/*
 * Loaded by app/lib/registry.server.ts, never imported.
 *
 * A flash-sale claim owns its hold. A running sale's tick expires lapsed claims every few seconds;
 * one the sweeper finds first (the sale has ended, or its tick is late) queues the sale's tick now,
 * at most once a minute per sale. A hold whose claim never came to be is released by the sweeper.
 */
registerHoldOwner("claim", {
  async onExpired({ ref, now }) {
    const [claim] = await db()
      .select({ saleId: liveClaims.saleId })
      .from(liveClaims)
      .where(eq(liveClaims.id, ref));
    if (!claim) return "missing";
    const queued = await enqueueJob({
      kind: "live_sale_tick",
      payload: { saleId: claim.saleId },
      dedupeKey: `live_sale_tick:sweep:${claim.saleId}:${now.toISOString().slice(0, 16)}`,
    });
    return queued.enqueued ? "dispatched" : "pending";
  },
});
