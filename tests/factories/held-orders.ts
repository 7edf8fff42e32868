import { and, asc, count, eq } from "drizzle-orm";
import { jobs, orderEvents, orders, payments } from "../../db/orders-schema";
import { inventoryLevels, inventoryReservations } from "../../db/schema";
import { runDueJobs } from "~/jobs/queue.server";
import { db } from "~/lib/db.server";
import { standardOffers } from "~/offers/offers.server";
import { setChannelPaymentsForTests } from "~/orders/channel-payments.server";
import { placeOrder } from "~/orders/place-order.server";
import type { CaptureMode } from "~/payments/provider.server";
import { BEIJING, createOrangesAndGrapes, newSubmitKey } from "./orders";

/*
 * Orders whose payment is held (a group-buy join) before the group-buy channel exists: a stand-in
 * for the "groupbuy" channel asks for the whole order as an authorization settled later (held,
 * `capture: "manual"`, or taken at once, `"charge"`) while the order is pending, and records what
 * it hears. Orders are placed through placeOrder, as a join will.
 */

export interface Heard {
  hook: "paymentHeld" | "holdLapsed";
  orderId: string;
  paymentId: string;
  held?: boolean;
}

/** Installs the stand-in; returns what it hears. Remove it with `removeHoldingChannel`. */
export function holdingChannel({ capture = "manual" }: { capture?: CaptureMode } = {}): Heard[] {
  const heard: Heard[] = [];
  setChannelPaymentsForTests("groupbuy", {
    async due(_tx, order) {
      if (order.status !== "pending_payment") return null;
      return {
        amountFen: order.totalFen,
        purpose: "authorization",
        saveMethod: false,
        capture,
      };
    },
    async paymentHeld(_tx, { order, paymentId, held }) {
      heard.push({ hook: "paymentHeld", orderId: order.id, paymentId, held });
    },
    async holdLapsed(_tx, { order, paymentId }) {
      heard.push({ hook: "holdLapsed", orderId: order.id, paymentId });
    },
  });
  return heard;
}

export const removeHoldingChannel = () => setChannelPaymentsForTests("groupbuy", undefined);

/** A "groupbuy" order of `quantity` packs of oranges, pending payment with its stock held 30 min. */
export async function groupbuyOrder({ quantity = 2 }: { quantity?: number } = {}) {
  const world = await createOrangesAndGrapes();
  const variantId = world.oranges.variant.id;
  const offerId = (await standardOffers({ variantIds: [variantId] })).get(variantId)!;
  const placed = await placeOrder({
    source: { ref: null, takeLines: async () => [{ offerId, quantity }] },
    submitKey: newSubmitKey(),
    contact: { email: "joiner@example.com" },
    address: BEIJING,
    ambientService: "express",
    channel: "groupbuy",
    hold: { minutes: 30 },
  });
  if (!placed.ok) throw new Error(`placeOrder refused: ${placed.message}`);
  return { world, variantId, orderId: placed.orderId };
}

export async function orderOf(orderId: string) {
  return (await db().select().from(orders).where(eq(orders.id, orderId)))[0]!;
}

export async function paymentsOf(orderId: string) {
  return db()
    .select()
    .from(payments)
    .where(eq(payments.orderId, orderId))
    .orderBy(asc(payments.createdAt));
}

export async function levelsOf(variantId: string) {
  const [row] = await db()
    .select({
      available: inventoryLevels.available,
      reserved: inventoryLevels.reserved,
      sold: inventoryLevels.sold,
    })
    .from(inventoryLevels)
    .where(eq(inventoryLevels.variantId, variantId));
  return row!;
}

export async function holdsOf(orderId: string) {
  return db()
    .select({
      status: inventoryReservations.status,
      quantity: inventoryReservations.quantity,
      expiresAt: inventoryReservations.expiresAt,
    })
    .from(inventoryReservations)
    .where(eq(inventoryReservations.ref, orderId));
}

/** How many `event` rows the order has. */
export async function eventCount(orderId: string, event: string): Promise<number> {
  const [row] = await db()
    .select({ n: count() })
    .from(orderEvents)
    .where(and(eq(orderEvents.orderId, orderId), eq(orderEvents.event, event)));
  return row!.n;
}

export async function jobsKeyed(dedupeKey: string) {
  return db().select().from(jobs).where(eq(jobs.dedupeKey, dedupeKey));
}

/** Runs every due job until none is left. */
export async function drainJobs(now?: Date): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const r = await runDueJobs({ workerId: "test", limit: 50, now });
    if (r.ran === 0) return;
  }
  throw new Error("jobs never drained");
}
