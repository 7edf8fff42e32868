import { eq } from "drizzle-orm";
import { liveClaims } from "../../db/live-schema";
import { registerHoldOwner } from "../inventory/hold-owners.server";
import { db } from "../lib/db.server";
import { scheduleTick } from "./sales.server";

/*
 * Loaded by app/lib/registry.server.ts, never imported.
 *
 * A flash-sale claim owns its hold. A running sale's tick expires lapsed claims every few seconds;
 * one the sweeper finds first (the sale has ended, or its tick is late) queues the sale's tick
 * for now (one per 5-second slot). A hold whose claim never came to be is released by the sweeper.
 */
registerHoldOwner("claim", {
  async onExpired({ ref, now }) {
    const [claim] = await db()
      .select({ saleId: liveClaims.saleId })
      .from(liveClaims)
      .where(eq(liveClaims.id, ref));
    if (!claim) return "missing";
    // The tick of the sale's current slot: the one a running sale has queued already, if any.
    await scheduleTick(db(), claim.saleId, now);
    return "dispatched";
  },
});
