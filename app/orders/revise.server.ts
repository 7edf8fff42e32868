import { and, asc, eq, inArray } from "drizzle-orm";
import { orderLines, orderParts, orders } from "../../db/orders-schema";
import { cooperatives } from "../../db/schema";
import { shrinkHold } from "../inventory/reservations.server";
import type { Tx } from "../lib/db.server";
import { readTariff } from "../shipping/tariffs.server";
import { planParts, type CheckoutSourceLine } from "./checkout-plan";
import { partMoney } from "./payout";
import { recordOrderEvent } from "./transitions.server";

/*
 * An order changed before it is paid in full, by the channel that sold it: a presale order takes
 * the packs a short harvest could fill (fewer units), a group join is charged its group's tier
 * price (a lower price). Lines, each cooperative's part (shipping quoted again for what is left,
 * fee, payout) and the order's totals move together, and units no longer bought leave the order's
 * hold, in the caller's transaction under the order's lock. What was paid already is the
 * channel's to settle against the new total.
 */

export interface LineRevision {
  lineNo: number;
  /** At most the line's quantity (a line is never grown: that would need stock). */
  quantity?: number;
  /** A new unit price (a group's tier), never above the line's. */
  priceFen?: number;
}

export type ReviseOutcome =
  | { ok: true; totalFen: number; itemsFen: number; shippingFen: number }
  | { ok: false; error: "unknown_order" | "not_revisable" | "invalid" | "not_shippable" };

export async function reviseOrderLines({
  tx,
  orderId,
  lines: revisions,
  actor,
  note,
  quoteOnly = false,
  keepShipping = false,
}: {
  tx: Tx;
  orderId: string;
  lines: LineRevision[];
  actor: string;
  note: string;
  /** Only what the revised order would cost (a page offering the change), nothing written. */
  quoteOnly?: boolean;
  /**
   * Only the lines' prices change: each part keeps the shipping it was charged (a group's tier price
   * settled days later is never dearer for a tariff changed since, and never above its hold).
   */
  keepShipping?: boolean;
}): Promise<ReviseOutcome> {
  const [order] = await tx.select().from(orders).where(eq(orders.id, orderId));
  if (!order) return { ok: false, error: "unknown_order" };
  if (!["pending_payment", "deposit_paid", "payment_held"].includes(order.status))
    return { ok: false, error: "not_revisable" };
  const rows = await tx
    .select()
    .from(orderLines)
    .where(eq(orderLines.orderId, orderId))
    .orderBy(asc(orderLines.lineNo));
  const byNo = new Map(revisions.map((r) => [r.lineNo, r]));
  for (const r of revisions) {
    const line = rows.find((l) => l.lineNo === r.lineNo);
    if (!line) return { ok: false, error: "invalid" };
    if (r.quantity !== undefined && !(Number.isInteger(r.quantity) && r.quantity >= 1))
      return { ok: false, error: "invalid" };
    if (r.quantity !== undefined && r.quantity > line.quantity)
      return { ok: false, error: "invalid" };
    if (r.priceFen !== undefined && !(Number.isInteger(r.priceFen) && r.priceFen >= 1))
      return { ok: false, error: "invalid" };
    if (r.priceFen !== undefined && r.priceFen > line.priceFen)
      return { ok: false, error: "invalid" };
  }
  const coops = await tx
    .select()
    .from(cooperatives)
    .where(
      inArray(
        cooperatives.id,
        rows.map((l) => l.cooperativeId),
      ),
    );
  const revised = rows.map((l) => {
    const r = byNo.get(l.lineNo);
    return { ...l, quantity: r?.quantity ?? l.quantity, priceFen: r?.priceFen ?? l.priceFen };
  });
  const source: CheckoutSourceLine[] = revised.map((l) => {
    const c = coops.find((x) => x.id === l.cooperativeId)!;
    return {
      variantId: l.variantId,
      offerId: l.offerId,
      offerKind: l.offerKind,
      productId: l.productId,
      sku: l.sku,
      productNameZh: l.productNameZh,
      productNameEn: l.productNameEn,
      variantLabelZh: l.variantLabelZh,
      variantLabelEn: l.variantLabelEn,
      storage: l.storage,
      shelfLifeDays: l.shelfLifeDays,
      shippingWeightG: l.shippingWeightG,
      lengthMm: l.lengthMm,
      widthMm: l.widthMm,
      heightMm: l.heightMm,
      priceFen: l.priceFen,
      quantity: l.quantity,
      // Held already: the plan is about shipping and money, not stock.
      available: l.quantity,
      sellable: true,
      cooperative: {
        id: c.id,
        slug: c.slug,
        nameZh: c.nameZh,
        nameEn: c.nameEn,
        provinceCode: c.provinceCode,
        cityZh: c.cityZh,
        cityEn: c.cityEn,
        freeShippingMinFen: c.freeShippingMinFen,
        handlingDays: c.handlingDays,
      },
    };
  });
  const plan = planParts({
    lines: source,
    to: order.recipient.province,
    ambientService: order.ambientService,
    // Through the caller's transaction: on PGlite (one connection) a read through db() on a
    // tariff cache miss waits for this very transaction, for ever (the offered order page hung).
    tariff: await readTariff(tx),
    locale: "zh",
    delivery: order.delivery,
  });
  const parts = await tx.select().from(orderParts).where(eq(orderParts.orderId, orderId));
  if (keepShipping) {
    if (revised.some((l, i) => l.quantity !== rows[i]!.quantity))
      return { ok: false, error: "invalid" };
    for (const part of plan.parts) {
      const before = parts.find((p) => p.cooperativeId === part.cooperative.id)!;
      part.shippingFen = before.shippingFen;
    }
    plan.problems = [];
    plan.shippingFen = order.shippingFen;
  } else if (
    plan.shippingFen !== null &&
    revised.every((l, i) => l.quantity <= rows[i]!.quantity)
  ) {
    // Fewer goods never cost more to ship than the order was charged: a part that fell below
    // its cooperative's free-shipping threshold (a short harvest), or whose threshold the owner
    // raised since, keeps what it paid for shipping as its ceiling.
    for (const part of plan.parts) {
      const before = parts.find((p) => p.cooperativeId === part.cooperative.id);
      if (before && part.shippingFen !== null && part.shippingFen > before.shippingFen)
        part.shippingFen = before.shippingFen;
    }
    plan.shippingFen = plan.parts.reduce((sum, p) => sum + (p.shippingFen ?? 0), 0);
  }
  if (plan.problems.length || plan.shippingFen === null)
    return { ok: false, error: "not_shippable" };
  const totalFen = plan.itemsFen + plan.shippingFen;
  if (quoteOnly)
    return { ok: true, totalFen, itemsFen: plan.itemsFen, shippingFen: plan.shippingFen };

  for (const l of revised) {
    const before = rows.find((x) => x.lineNo === l.lineNo)!;
    if (before.quantity === l.quantity && before.priceFen === l.priceFen) continue;
    await tx
      .update(orderLines)
      .set({ quantity: l.quantity, priceFen: l.priceFen, lineFen: l.quantity * l.priceFen })
      .where(and(eq(orderLines.orderId, orderId), eq(orderLines.lineNo, before.lineNo)));
    if (l.quantity < before.quantity)
      await shrinkHold({
        tx,
        ref: orderId,
        offerId: l.offerId,
        keep: l.quantity,
        reason: "order_revised",
        actor,
      });
  }
  for (const part of plan.parts) {
    const before = parts.find((p) => p.cooperativeId === part.cooperative.id)!;
    await tx
      .update(orderParts)
      .set({
        ...partMoney({
          itemsFen: part.itemsFen,
          shippingFen: part.shippingFen!,
          feeBps: before.platformFeeBps,
        }),
        plannedParcels: keepShipping ? before.plannedParcels : part.parcels!.length,
      })
      .where(
        and(eq(orderParts.orderId, orderId), eq(orderParts.cooperativeId, before.cooperativeId)),
      );
  }
  await tx
    .update(orders)
    .set({
      itemsFen: plan.itemsFen,
      shippingFen: plan.shippingFen,
      totalFen,
      updatedAt: new Date(),
    })
    .where(eq(orders.id, orderId));
  await recordOrderEvent({
    tx,
    orderId,
    status: order.status,
    event: "revised",
    actor,
    amountFen: totalFen,
    note,
  });
  return { ok: true, totalFen, itemsFen: plan.itemsFen, shippingFen: plan.shippingFen };
}
