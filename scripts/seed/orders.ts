import { and, eq, inArray, sql } from "drizzle-orm";
import { db as globalDb, type Database } from "../../app/lib/db.server";
import { newId } from "../../app/lib/ids";
import { cancelOrderPart } from "../../app/orders/cancel-refund.server";
import { addToCart } from "../../app/orders/cart.server";
import { submitCheckout } from "../../app/orders/checkout.server";
import { createOrderShipments } from "../../app/orders/fulfilment.server";
import { recordPaymentSucceeded, startPayment } from "../../app/orders/payment-flow.server";
import { activeProviderName } from "../../app/payments/provider.server";
import { recordTrackingEvents } from "../../app/shipping/tracking.server";
import { users } from "../../db/auth-schema";
import {
  orderEvents,
  orders,
  payments,
  refunds,
  type AmbientService,
} from "../../db/orders-schema";
import { products, variants } from "../../db/schema";
import { shipments, type TrackingEventType } from "../../db/shipping-schema";

const HOUR = 60 * 60 * 1000;
export const DEMO_SHOPPER_EMAIL = "shopper@harvest.example";

type Demo = {
  label: string;
  lines: Array<{ sku: string; quantity: number }>;
  address: {
    name: string;
    mobile: string;
    province: string;
    cityCode: string;
    districtCode: string;
    detail: string;
  };
  ambientService?: AmbientService;
  /**
   * tracked: paid, its parcels have carrier events; to_ship: paid, labels made, not yet handed to
   * the courier; pending: submitted, not paid; cancelled: paid, then the cooperative cancelled it
   * (refunded).
   */
  end: "tracked" | "to_ship" | "pending" | "cancelled";
  /** Hours before now the shopper ordered (and paid). */
  hoursAgo: number;
  /** Carrier events on every parcel: type, hours before now, place. */
  events?: Array<[TrackingEventType, number, string]>;
};

// One order in each state the shopper's and the cooperatives' order pages must show. The four
// tracked ones come first and in this order, so their parcels get the tracking numbers the README
// lists (the serial sequence starts fresh): delivered, in transit (economy), stalled, cold chain.
export const DEMO_ORDERS: readonly Demo[] = [
  {
    label: "delivered",
    lines: [{ sku: "XF-NAVEL-5", quantity: 2 }],
    address: {
      name: "陈思远",
      mobile: "13917245566",
      province: "31",
      cityCode: "3101",
      districtCode: "310104",
      detail: "漕溪北路 201 弄 5 号 602 室",
    },
    end: "tracked",
    hoursAgo: 80,
    events: [
      ["accepted", 78, "江西赣州信丰营业部"],
      ["departed", 70, "赣州转运中心"],
      ["arrived", 40, "上海徐汇漕河泾营业部"],
      ["out_for_delivery", 30, "上海徐汇漕河泾营业部"],
      ["delivered", 27, "上海市徐汇区 本人签收"],
    ],
  },
  {
    label: "in transit",
    lines: [{ sku: "LF-POTATO-10", quantity: 1 }],
    address: {
      name: "黄嘉欣",
      mobile: "13622318877",
      province: "44",
      cityCode: "4401",
      districtCode: "440106",
      detail: "体育西路 103 号 1808 室",
    },
    ambientService: "economy",
    end: "tracked",
    hoursAgo: 30,
    events: [
      ["accepted", 26, "山西太原娄烦营业部"],
      ["departed", 6, "太原转运中心"],
    ],
  },
  {
    label: "stalled",
    lines: [{ sku: "DS-HONEY-1000", quantity: 1 }],
    address: {
      name: "李明轩",
      mobile: "18980012345",
      province: "51",
      cityCode: "5101",
      districtCode: "510107",
      detail: "人民南路四段 11 号",
    },
    end: "tracked",
    hoursAgo: 90,
    events: [
      ["accepted", 86, "湖南邵阳绥宁营业部"],
      ["departed", 60, "邵阳转运中心"],
    ],
  },
  {
    label: "cold chain",
    lines: [{ sku: "DS-RED-2", quantity: 2 }],
    address: {
      name: "王小明",
      mobile: "13812345678",
      province: "11",
      cityCode: "1101",
      districtCode: "110105",
      detail: "建国路 88 号 3 单元 1202 室",
    },
    end: "tracked",
    hoursAgo: 12,
    events: [
      ["accepted", 10, "湖南邵阳冷链集散中心"],
      ["departed", 4, "长沙冷链转运中心"],
    ],
  },
  // Two orange orders paid this morning whose parcels wait for the courier: what the owner's
  // dashboard counts as to ship and prints labels for, two orders at once.
  {
    label: "to ship",
    lines: [{ sku: "XF-NAVEL-2.5", quantity: 1 }],
    address: {
      name: "林晓燕",
      mobile: "13602458811",
      province: "44",
      cityCode: "4401",
      districtCode: "440106",
      detail: "天河路 385 号太古汇 2 座 1803 室",
    },
    end: "to_ship",
    hoursAgo: 2,
  },
  {
    label: "to ship, two packs",
    lines: [{ sku: "XF-NAVEL-2.5", quantity: 2 }],
    address: {
      name: "赵一鸣",
      mobile: "18628034417",
      province: "51",
      cityCode: "5101",
      districtCode: "510107",
      detail: "人民南路四段 27 号 6 栋 2 单元 501 室",
    },
    end: "to_ship",
    hoursAgo: 1,
  },
  {
    label: "cancelled",
    lines: [{ sku: "XF-PONKAN-5", quantity: 1 }],
    address: {
      name: "陈晓",
      mobile: "13588402716",
      province: "33",
      cityCode: "3301",
      districtCode: "330106",
      detail: "文三路 478 号华星时代广场 A 座 1105 室",
    },
    end: "cancelled",
    hoursAgo: 50,
  },
  // Last, so its address (the shopper's own) is the one the checkout form remembers.
  {
    label: "pending payment",
    lines: [
      { sku: "XF-NAVEL-2.5", quantity: 1 },
      { sku: "LF-MILLET-1", quantity: 2 },
    ],
    address: {
      name: "陈晓",
      mobile: "13588402716",
      province: "33",
      cityCode: "3301",
      districtCode: "330106",
      detail: "文三路 478 号华星时代广场 A 座 1105 室",
    },
    end: "pending",
    hoursAgo: 0,
  },
];

const CANCEL_REASON = "连日降雨，这批椪柑糖度不达标，暂停发货并全额退款";

export interface SeededOrders {
  orders: Array<{ label: string; orderId: string; code: string }>;
  trackingNumbers: string[];
}

/**
 * Real demo orders for the demo shopper, made the way a shopper makes them: a cart, checkout, the
 * simulated card payment, the create_shipments job's own function, then carrier events (which move
 * the orders to shipped / delivered). Times are moved back afterwards so the timelines read like
 * past days. Runs after the catalog and accounts are committed, on the app's database handle.
 */
export async function seedDemoOrders({
  db,
  log = () => {},
  now = new Date(),
}: {
  db: Database;
  log?: (line: string) => void;
  now?: Date;
}): Promise<SeededOrders> {
  if (globalDb() !== db)
    throw new Error("seedDemoOrders: the database given must be the app's (setDatabase)");
  // The demo payments are simulated card payments; a store configured for Stripe gets none.
  if (activeProviderName() !== "simulated") {
    log(
      "demo orders skipped: they are paid with the simulated provider and this store uses Stripe",
    );
    return { orders: [], trackingNumbers: [] };
  }
  const [shopper] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, DEMO_SHOPPER_EMAIL));
  if (!shopper) throw new Error(`seedDemoOrders: no demo shopper ${DEMO_SHOPPER_EMAIL}`);
  const skus = [...new Set(DEMO_ORDERS.flatMap((d) => d.lines.map((l) => l.sku)))];
  const packs = await db
    .select({ id: variants.id, sku: variants.sku, cooperativeId: products.cooperativeId })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(inArray(variants.sku, skus));
  const bySku = new Map(packs.map((p) => [p.sku, p]));
  const [owner] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, "orange.owner@harvest.example"));

  const seeded: SeededOrders = { orders: [], trackingNumbers: [] };
  for (const demo of DEMO_ORDERS) {
    const fail = (what: string): never => {
      throw new Error(`demo order "${demo.label}": ${what}`);
    };
    let cartId: string | null = null;
    for (const line of demo.lines) {
      const pack = bySku.get(line.sku) ?? fail(`no pack ${line.sku}`);
      const added = await addToCart({ cartId, variantId: pack.id, quantity: line.quantity });
      cartId = added.ok ? added.cartId : fail(`add ${line.sku}: ${added.error}`);
    }
    const submitted = await submitCheckout({
      cartId,
      submitKey: newId("seed", 24),
      userId: shopper.id,
      contact: {},
      address: demo.address,
      ambientService: demo.ambientService ?? "express",
    });
    if (!submitted.ok) fail(`checkout refused: ${submitted.error} ${submitted.message}`);
    const { orderId, code } = submitted as Extract<typeof submitted, { ok: true }>;
    seeded.orders.push({ label: demo.label, orderId, code });
    if (demo.end === "pending") continue;

    // The shopper pays with the card that succeeds, as on /pay/:paymentId.
    const started = await startPayment({ orderId, origin: "http://127.0.0.1:3000" });
    if (!started.ok) fail(`payment not started: ${started.error}`);
    const [payment] = await db.select().from(payments).where(eq(payments.orderId, orderId));
    const paid = await recordPaymentSucceeded({
      provider: "simulated",
      providerRef: payment!.providerRef!,
      amountFen: payment!.amountFen,
      actor: "simulated",
    });
    if (!paid.ok || paid.outcome !== "paid") fail(`payment not recorded: ${JSON.stringify(paid)}`);

    if (demo.end === "cancelled") {
      // Before its parcels exist, so the cancelled order takes no tracking number.
      const coop = bySku.get(demo.lines[0]!.sku)!.cooperativeId;
      const cancelled = await cancelOrderPart({
        orderId,
        cooperativeId: coop,
        actor: owner?.id ?? "system",
        reason: CANCEL_REASON,
      });
      if (!cancelled.ok) fail(`not cancelled: ${cancelled.error}`);
    }
    // What the queued create_shipments job does; the job itself later finds the parcels and adds none.
    await createOrderShipments({ orderId });
    await backdate(db, orderId, new Date(now.getTime() - demo.hoursAgo * HOUR));

    const parcels = await db
      .select({ trackingNumber: shipments.trackingNumber })
      .from(shipments)
      .where(eq(shipments.orderId, orderId))
      .orderBy(shipments.id);
    for (const { trackingNumber } of parcels) {
      seeded.trackingNumbers.push(trackingNumber);
      if (demo.end === "to_ship") continue;
      const recorded = await recordTrackingEvents({
        source: "carrier",
        events: (demo.events ?? []).map(([type, hoursAgo, place], i) => ({
          eventId: `demo-${trackingNumber}-${i}`,
          trackingNumber,
          type,
          occurredAt: new Date(now.getTime() - hoursAgo * HOUR),
          place,
          note: "",
        })),
      });
      if (!recorded.ok) fail(`tracking events refused: ${recorded.error}`);
    }
    // The order followed its parcels just now; date those steps by the carrier events behind them.
    const at = (type: TrackingEventType) => demo.events?.find(([t]) => t === type)?.[1];
    for (const [event, hoursAgo] of [
      ["shipped", at("accepted")],
      ["delivered", at("delivered")],
    ] as const) {
      if (hoursAgo === undefined) continue;
      const when = new Date(now.getTime() - hoursAgo * HOUR);
      await db
        .update(orderEvents)
        .set({ createdAt: when })
        .where(and(eq(orderEvents.orderId, orderId), eq(orderEvents.event, event)));
      await db.update(orders).set({ updatedAt: when }).where(eq(orders.id, orderId));
    }
  }
  log(
    `seeded ${seeded.orders.length} demo orders for ${DEMO_SHOPPER_EMAIL} (${seeded.orders.map((o) => `${o.code} ${o.label}`).join(", ")}); ` +
      `track their parcels at /track/<number>: ${seeded.trackingNumbers.join(" ")}`,
  );
  return seeded;
}

/** Moves an order's recorded history (and its parcels' creation) back to `at`, keeping the gaps between steps. */
async function backdate(db: Database, orderId: string, at: Date): Promise<void> {
  const [order] = await db
    .select({ createdAt: orders.createdAt })
    .from(orders)
    .where(eq(orders.id, orderId));
  const shiftMs = order!.createdAt.getTime() - at.getTime();
  const back = (column: { name: string }) =>
    sql.raw(`"${column.name}" - interval '${shiftMs} milliseconds'`);
  await db
    .update(orders)
    .set({
      createdAt: back(orders.createdAt),
      updatedAt: back(orders.updatedAt),
      paidAt: sql`${back(orders.paidAt)}`,
      cancelledAt: sql`${back(orders.cancelledAt)}`,
      reservedUntil: back(orders.reservedUntil),
    })
    .where(eq(orders.id, orderId));
  await db
    .update(orderEvents)
    .set({ createdAt: back(orderEvents.createdAt) })
    .where(eq(orderEvents.orderId, orderId));
  await db
    .update(payments)
    .set({ createdAt: back(payments.createdAt), updatedAt: back(payments.updatedAt) })
    .where(eq(payments.orderId, orderId));
  await db
    .update(refunds)
    .set({ createdAt: back(refunds.createdAt) })
    .where(eq(refunds.orderId, orderId));
  await db
    .update(shipments)
    .set({ createdAt: back(shipments.createdAt) })
    .where(eq(shipments.orderId, orderId));
}
