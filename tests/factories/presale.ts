import { and, eq, sql } from "drizzle-orm";
import { orderLines, orders, payments } from "../../db/orders-schema";
import { presaleOrders, presaleTerms, type PresaleState } from "../../db/presale-schema";
import type { products, variants } from "../../db/schema";
import { reserve } from "~/inventory/reservations.server";
import { db } from "~/lib/db.server";
import { newId } from "~/lib/ids";
import { splitPayment } from "~/presale/money";
import type { PresaleTermsInput } from "~/presale/schemas";
import { createPresale } from "~/presale/terms.server";
import { createOrder } from "./orders";

/*
 * Presales and presale orders for tests. A presale is made through the real terms code; an order
 * is written straight into the tables (no checkout) with its units held in the presale's pool, its
 * place in line once its deposit is paid, and the payments its state implies. Shared with the
 * ordering and release tests: add options, keep the defaults.
 */

type ProductRow = typeof products.$inferSelect;
type VariantRow = typeof variants.$inferSelect;

const DAY = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Terms that pass the form's checks: open now for 30 days, harvest 40–50 days out, 30% deposit. */
export function presaleTermsInput(overrides: Partial<PresaleTermsInput> = {}): PresaleTermsInput {
  const now = Date.now();
  return {
    priceFen: 6_800,
    depositKind: "percent",
    depositValue: 30,
    cap: 60,
    startsAt: new Date(now - 60_000),
    endsAt: new Date(now + 30 * DAY),
    harvestFrom: day(now + 40 * DAY),
    harvestTo: day(now + 50 * DAY),
    shortDefault: "wait",
    lapseDeposit: "refund",
    policyZh: "采收前可随时取消，全额退款。",
    policyEn: "Cancel any time before the harvest for a full refund.",
    deadlineHours: 48,
    ...overrides,
  };
}

export interface PresaleFixture {
  offerId: string;
  cooperativeId: string;
  product: ProductRow;
  variant: VariantRow;
  terms: PresaleTermsInput;
}

/** A presale on `variant` (a pack of `product`), created as its cooperative's owner would. */
export async function createPresaleOffer({
  product,
  variant,
  actor = "usr_presale_test",
  ...overrides
}: { product: ProductRow; variant: VariantRow; actor?: string } & Partial<PresaleTermsInput>) {
  const terms = presaleTermsInput(overrides);
  const created = await createPresale({
    cooperativeId: product.cooperativeId,
    actor,
    input: { ...terms, variantId: variant.id },
  });
  if (!created.ok) throw new Error(`createPresaleOffer: ${JSON.stringify(created)}`);
  return {
    offerId: created.offerId,
    cooperativeId: product.cooperativeId,
    product,
    variant,
    terms,
  } satisfies PresaleFixture;
}

/**
 * A presale order of `quantity` packs in `state`: held in the pool (owner `presale`, no expiry),
 * a succeeded deposit payment and a place in line unless `pending`, and a balance payment with
 * `balance` ("succeeded" or "failed") when asked.
 */
export async function createPresaleOrder(
  p: PresaleFixture,
  {
    quantity = 1,
    state = "waiting",
    balance,
    deadlineAt = null,
  }: {
    quantity?: number;
    state?: PresaleState;
    balance?: "succeeded" | "failed";
    deadlineAt?: Date | null;
  } = {},
) {
  const order = await createOrder({
    lines: [{ product: p.product, variant: p.variant, quantity }],
    status: state === "pending" ? "pending_payment" : state === "paid" ? "paid" : "deposit_paid",
  });
  const totalFen = p.terms.priceFen * quantity + order.shippingFen;
  const money = {
    totalFen,
    ...splitPayment(
      { depositKind: p.terms.depositKind, depositValue: p.terms.depositValue },
      { priceFen: p.terms.priceFen, quantity, totalFen },
    ),
  };
  await db().transaction(async (tx) => {
    await tx
      .update(orders)
      .set({
        channel: "presale",
        itemsFen: p.terms.priceFen * quantity,
        totalFen: money.totalFen,
      })
      .where(eq(orders.id, order.id));
    await tx
      .update(orderLines)
      .set({ offerId: p.offerId, priceFen: p.terms.priceFen, lineFen: p.terms.priceFen * quantity })
      .where(and(eq(orderLines.orderId, order.id)));
    const held = await reserve({
      ref: order.id,
      owner: "presale",
      lines: [{ variantId: p.variant.id, offerId: p.offerId, quantity }],
      expiresAt: null,
      actor: "presale-factory",
      tx,
    });
    if (!held.ok) throw new Error(`createPresaleOrder: ${held.error}`);
    const pay = async (
      purpose: "deposit" | "balance" | "full",
      amountFen: number,
      status: string,
    ) => {
      if (amountFen <= 0) return null;
      const id = newId("pay");
      await tx.insert(payments).values({
        id,
        orderId: order.id,
        provider: "simulated",
        providerRef: `sim_${id}`,
        amountFen,
        status: status as "succeeded",
        purpose,
      });
      return id;
    };
    const depositPaymentId =
      state === "pending"
        ? null
        : await pay(
            p.terms.depositKind === "full" ? "full" : "deposit",
            money.depositFen,
            "succeeded",
          );
    const balancePaymentId = balance ? await pay("balance", money.balanceFen, balance) : null;
    const rowsOf = (r: unknown) => (r as { rows: { n: string | number }[] }).rows;
    const [seq] =
      state === "pending"
        ? [null]
        : rowsOf(await tx.execute(sql`select nextval('presale_queue_seq')::bigint as n`));
    await tx.insert(presaleOrders).values({
      orderId: order.id,
      offerId: p.offerId,
      cooperativeId: p.cooperativeId,
      quantity,
      state,
      queueSeq: seq ? Number(seq.n) : null,
      depositFen: money.depositFen,
      balanceFen: money.balanceFen,
      depositPaymentId,
      balancePaymentId,
      deadlineAt,
    });
  });
  return { ...order, ...money };
}

/** The presale's rows (offer terms, pool, orders, payments), to show a refused request changed nothing. */
export async function presaleSnapshot(): Promise<string> {
  const [t, o, l, po, pay] = await Promise.all([
    db().select().from(presaleTerms).orderBy(presaleTerms.offerId),
    db().execute(sql`select * from offers order by id`),
    db().execute(sql`select * from offer_levels order by offer_id`),
    db().select().from(presaleOrders).orderBy(presaleOrders.orderId),
    db().select().from(payments).orderBy(payments.id),
  ]);
  const rows = (r: unknown) => (r as { rows: unknown[] }).rows;
  return JSON.stringify({ t, o: rows(o), l: rows(l), po, pay });
}
