import { eq } from "drizzle-orm";
import { orders } from "../../db/orders-schema";
import { registerHoldOwner } from "../inventory/hold-owners.server";
import { enqueueJob } from "../jobs/queue.server";
import { db } from "../lib/db.server";

/*
 * Loaded by app/lib/registry.server.ts, never imported.
 *
 * An order owns the holds placeOrder made. When one lapses, the sweeper hands it here: the order's
 * expire job runs again (at most once per order per hour, the key carries the hour, so an order
 * that cannot be expired does not flood the queue); a hold whose order never came to be is
 * released by the sweeper.
 */
registerHoldOwner("order", {
  async onExpired({ ref, now }) {
    const [order] = await db().select({ id: orders.id }).from(orders).where(eq(orders.id, ref));
    if (!order) return "missing";
    const queued = await enqueueJob({
      kind: "expire_order",
      payload: { orderId: ref },
      dedupeKey: `expire_order:sweep:${ref}:${now.toISOString().slice(0, 13)}`,
    });
    return queued.enqueued ? "dispatched" : "pending";
  },
});
