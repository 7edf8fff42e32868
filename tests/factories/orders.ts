import { standardOffers } from "~/offers/offers.server";
import {
  orderEvents,
  orderLines,
  orderParts,
  orders,
  payments,
  refunds,
  type AmbientService,
  type DeliveryAddress,
  type OrderStatus,
} from "../../db/orders-schema";
import { inArray } from "drizzle-orm";
import { cooperatives, inventoryLevels, type products, type variants } from "../../db/schema";
import { shipments, trackingEvents } from "../../db/shipping-schema";
import { db } from "~/lib/db.server";
import { newId } from "~/lib/ids";
import { planShipping } from "~/shipping/shipping-plan";
import { DEFAULT_TARIFF } from "~/shipping/tariffs";
import { createCooperative, createProduct } from "./catalog";

/**
 * Orders written straight into the tables (no checkout), for tests of what happens after a
 * checkout: payment, jobs, shipments, notifications. Shared: add helpers, keep the defaults.
 */

type ProductRow = typeof products.$inferSelect;
type VariantRow = typeof variants.$inferSelect;

export const BEIJING: DeliveryAddress = {
  name: "王小明",
  mobile: "13812345678",
  province: "11",
  cityCode: "1101",
  city: "北京市",
  districtCode: "110105",
  district: "朝阳区",
  detail: "建国路 88 号 3 单元 1202 室",
  postcode: "100022",
};

/** Navel oranges from a Jiangxi cooperative (ambient) and red grapes from a Yunnan one (chilled, 7 days). */
export async function createOrangesAndGrapes() {
  const coopA = await createCooperative({
    nameZh: "信丰脐橙合作社",
    nameEn: "Xinfeng Orange Co-op",
    provinceCode: "36",
    contactPhone: "13907971234",
  });
  const coopB = await createCooperative({
    nameZh: "弥勒红提合作社",
    nameEn: "Mile Grape Co-op",
    provinceCode: "53",
    cityZh: "红河州",
    cityEn: "Honghe",
    addressZh: "云南省红河州弥勒市葡萄大道 1 号",
    addressEn: "1 Grape Ave, Mile, Yunnan",
    contactPhone: "13987312345",
  });
  const oranges = await createProduct({
    cooperativeId: coopA.id,
    nameZh: "赣南脐橙",
    nameEn: "Gannan navel oranges",
    storageClass: "ambient",
    shelfLifeDays: 30,
    variants: [{ netWeightG: 5000, priceFen: 6990 }],
  });
  const grapes = await createProduct({
    cooperativeId: coopB.id,
    nameZh: "弥勒红提",
    nameEn: "Mile red grapes",
    category: "fruit",
    storageClass: "chilled",
    shelfLifeDays: 7,
    variants: [{ netWeightG: 2000, priceFen: 8800 }],
  });
  return {
    coopA,
    coopB,
    oranges: { product: oranges.product, variant: oranges.variants[0]! },
    grapes: { product: grapes.product, variant: grapes.variants[0]! },
  };
}

export interface OrderSpecLine {
  product: ProductRow;
  variant: VariantRow;
  quantity: number;
}

let seq = 0;

/** An order with its lines and per-cooperative parts, priced with the default tariff. */
export async function createOrder({
  lines,
  status = "paid",
  email = "shopper@example.com",
  mobile = null,
  userId = null,
  recipient = BEIJING,
  ambientService = "express",
  feeBps = 500,
}: {
  lines: OrderSpecLine[];
  status?: OrderStatus;
  email?: string | null;
  mobile?: string | null;
  userId?: string | null;
  recipient?: DeliveryAddress;
  ambientService?: AmbientService;
  feeBps?: number;
}) {
  const id = newId("ord");
  const code = `HL${Date.now().toString().slice(-6)}${(seq++).toString().padStart(4, "0")}`;
  const lineRows = lines.map((l, i) => ({
    orderId: id,
    lineNo: i + 1,
    cooperativeId: l.product.cooperativeId,
    productId: l.product.id,
    variantId: l.variant.id,
    sku: l.variant.sku,
    productNameZh: l.product.nameZh,
    productNameEn: l.product.nameEn,
    variantLabelZh: l.variant.labelZh,
    variantLabelEn: l.variant.labelEn,
    storage: l.product.storageClass,
    shelfLifeDays: l.product.shelfLifeDays,
    shippingWeightG: l.variant.shippingWeightG,
    lengthMm: l.variant.lengthMm,
    widthMm: l.variant.widthMm,
    heightMm: l.variant.heightMm,
    priceFen: l.variant.priceFen,
    quantity: l.quantity,
    lineFen: l.variant.priceFen * l.quantity,
  }));
  const coops = [...new Set(lineRows.map((l) => l.cooperativeId))];
  const coopRows = await db().select().from(cooperatives).where(inArray(cooperatives.id, coops));
  const parts = coops.map((cooperativeId) => {
    const mine = lineRows.filter((l) => l.cooperativeId === cooperativeId);
    const from = coopRows.find((c) => c.id === cooperativeId)!.provinceCode;
    const plan = planShipping({
      from,
      to: recipient.province,
      ambientService,
      tariff: DEFAULT_TARIFF,
      lines: mine.map((l) => ({
        weightG: l.shippingWeightG,
        lengthMm: l.lengthMm,
        widthMm: l.widthMm,
        heightMm: l.heightMm,
        storage: l.storage,
        quantity: l.quantity,
        shelfLifeDays: l.shelfLifeDays,
      })),
    });
    if (!plan.ok) throw new Error(`createOrder: ${plan.message}`);
    const itemsFen = mine.reduce((s, l) => s + l.lineFen, 0);
    const platformFeeFen = Math.round((itemsFen * feeBps) / 10_000);
    return {
      orderId: id,
      cooperativeId,
      itemsFen,
      shippingFen: plan.totalFen,
      platformFeeBps: feeBps,
      platformFeeFen,
      payoutFen: itemsFen - platformFeeFen,
      plannedParcels: plan.parcels.length,
    };
  });
  const itemsFen = parts.reduce((s, p) => s + p.itemsFen, 0);
  const shippingFen = parts.reduce((s, p) => s + p.shippingFen, 0);
  const paid = status !== "pending_payment";
  await db().transaction(async (tx) => {
    await tx.insert(orders).values({
      id,
      code,
      userId,
      email,
      mobile,
      recipient,
      status,
      ambientService,
      itemsFen,
      shippingFen,
      totalFen: itemsFen + shippingFen,
      paymentProvider: "simulated",
      submitKey: newId("sub"),
      reservedUntil: new Date(Date.now() + 15 * 60_000),
      paidAt: paid ? new Date() : null,
    });
    // Each line sold under its variant's standard offer, as a cart checkout records it.
    const offerOf = await standardOffers({ variantIds: lineRows.map((l) => l.variantId), tx });
    await tx
      .insert(orderLines)
      .values(lineRows.map((l) => ({ ...l, offerId: offerOf.get(l.variantId)! })));
    await tx.insert(orderParts).values(parts);
  });
  return { id, code, itemsFen, shippingFen, totalFen: itemsFen + shippingFen, parts };
}

/**
 * The succeeded simulated payment behind a paid order made by createOrder: what a refund draws on
 * (the provider gives back at most what a payment took).
 */
export async function recordPayment(order: { id: string; totalFen: number }) {
  const id = newId("pay");
  await db()
    .insert(payments)
    .values({
      id,
      orderId: order.id,
      provider: "simulated",
      providerRef: `sim_${id}`,
      amountFen: order.totalFen,
      status: "succeeded",
    });
  return id;
}

/** A cart holding these lines, put there through the real cart (so its stock checks apply). */
export async function cartWith(
  lines: Array<{ variantId: string; quantity: number }>,
): Promise<string> {
  const { addToCart } = await import("~/orders/cart.server");
  let cartId: string | null = null;
  for (const line of lines) {
    const added = await addToCart({ cartId, ...line });
    if (!added.ok) throw new Error(`cartWith: ${added.error}`);
    cartId = added.cartId;
  }
  if (!cartId) throw new Error("cartWith: no lines");
  return cartId;
}

/** The form's one-time token, as the checkout page makes one. */
export const newSubmitKey = () => newId("sub", 24);

/**
 * A real checkout: a cart of these lines submitted for BEIJING by a guest, then a payment started
 * with the active provider. Returns the order and the payment's provider reference.
 */
export async function submittedOrder({
  lines,
  now,
}: {
  lines: Array<{ variantId: string; quantity: number }>;
  now?: Date;
}) {
  const { submitCheckout } = await import("~/orders/checkout.server");
  const { startPayment } = await import("~/orders/payment-flow.server");
  const { payments: paymentsTable } = await import("../../db/orders-schema");
  const { eq } = await import("drizzle-orm");
  const cartId = await cartWith(lines);
  const submitted = await submitCheckout({
    cartId,
    submitKey: newSubmitKey(),
    contact: { email: "shopper@example.com" },
    address: BEIJING,
    ambientService: "express",
    now,
  });
  if (!submitted.ok) throw new Error(`submittedOrder: ${submitted.error}`);
  const started = await startPayment({
    orderId: submitted.orderId,
    origin: "http://shop.test",
    now,
  });
  if (!started.ok) throw new Error(`submittedOrder: ${started.error}`);
  const [payment] = await db()
    .select()
    .from(paymentsTable)
    .where(eq(paymentsTable.orderId, submitted.orderId));
  return {
    orderId: submitted.orderId,
    code: submitted.code,
    payment: payment!,
    redirectUrl: started.redirectUrl,
  };
}

/** Every row the order pages and actions could write, to show that a refused request wrote nothing. */
export async function orderRowsSnapshot(): Promise<string> {
  const [o, p, e, r, s, t, i] = await Promise.all([
    db().select().from(orders).orderBy(orders.id),
    db().select().from(orderParts).orderBy(orderParts.orderId, orderParts.cooperativeId),
    db().select().from(orderEvents).orderBy(orderEvents.id),
    db().select().from(refunds).orderBy(refunds.id),
    db().select().from(shipments).orderBy(shipments.id),
    db().select().from(trackingEvents).orderBy(trackingEvents.id),
    db().select().from(inventoryLevels).orderBy(inventoryLevels.variantId),
  ]);
  return JSON.stringify({ o, p, e, r, s, t, i });
}

/** Every field of a valid checkout form for the Beijing address, as the page would post it. */
export function checkoutFormFields(
  submitKey: string,
  email = "mei@example.com",
): Record<string, string> {
  return {
    submitKey,
    email,
    contactMobile: "",
    name: BEIJING.name,
    mobile: "138 1234 5678",
    province: "11",
    cityCode: "1101",
    districtCode: "110105",
    detail: BEIJING.detail,
    postcode: "",
    ambientService: "express",
  };
}
