import { eq } from "drizzle-orm";
import { orders, payments } from "../../db/orders-schema";
import {
  presaleOrders,
  type DepositKind,
  type LapseDeposit,
  type ShortDefault,
} from "../../db/presale-schema";
import { harvestBatches } from "../../db/schema";
import { createProduct } from "./catalog";
import { BEIJING, newSubmitKey } from "./orders";
import { db } from "~/lib/db.server";
import { newId } from "~/lib/ids";
import { runDueJobs } from "~/jobs/queue.server";
import { startPayment } from "~/orders/payment-flow.server";
import { paySimulated } from "~/payments/simulated-pay.server";
import { placePresaleOrder } from "~/presale/place.server";
import { createPresale } from "~/presale/terms.server";
import { releaseHarvest } from "~/presale/release.server";

/**
 * A presale of one pack of oranges (5 kg net): `cap` packs at `priceFen`, open now for a month, with
 * its pool of a harvest still growing, and one harvest batch of the product ready to release.
 */
export async function presaleWorld({
  cap = 1_000,
  priceFen = 6_000,
  depositKind = "percent",
  depositValue = 20,
  shortDefault = "wait",
  lapseDeposit = "refund",
  deadlineHours = 48,
}: {
  cap?: number;
  priceFen?: number;
  depositKind?: DepositKind;
  depositValue?: number;
  shortDefault?: ShortDefault;
  lapseDeposit?: LapseDeposit;
  deadlineHours?: number;
} = {}) {
  const { product, variants } = await createProduct({
    variants: [{ stock: 0, priceFen: priceFen + 1_000, netWeightG: 5_000 }],
  });
  const variantId = variants[0]!.id;
  const now = Date.now();
  // The owner's own path (createPresale): the offer, its pool of a harvest still growing, the terms.
  const created = await createPresale({
    cooperativeId: product.cooperativeId,
    actor: "test",
    input: {
      variantId,
      priceFen,
      depositKind,
      depositValue: depositKind === "full" ? 0 : depositValue,
      cap,
      startsAt: new Date(now - 3_600_000),
      endsAt: new Date(now + 30 * 86_400_000),
      harvestFrom: "2027-01-10",
      harvestTo: "2027-01-25",
      shortDefault,
      lapseDeposit,
      policyZh: "",
      policyEn: "",
      deadlineHours,
    },
  });
  if (!created.ok) throw new Error(`presaleWorld: ${JSON.stringify(created)}`);
  const { offerId } = created;
  const batchId = newId("hb");
  await db()
    .insert(harvestBatches)
    .values({
      id: batchId,
      productId: product.id,
      expectedDate: "2027-01-15",
      expectedQuantityG: cap * 5_000,
    });
  return { product, cooperativeId: product.cooperativeId, variantId, offerId, batchId };
}

export type PresaleWorld = Awaited<ReturnType<typeof presaleWorld>>;

export const CARDS = {
  saves: "4242 4242 4242 4242",
  needsAuthLater: "4000 0027 6000 3184",
  declinesLater: "4000 0000 0000 0341",
} as const;

/** A guest pre-orders `quantity` packs and pays the deposit with `card` (null: leaves it unpaid). */
export async function preorder(
  w: PresaleWorld,
  { quantity = 1, card = CARDS.saves as string | null, mobile = "13812345678" } = {},
) {
  const placed = await placePresaleOrder({
    offerId: w.offerId,
    quantity,
    userId: null,
    submitKey: newSubmitKey(),
    contact: { mobile },
    address: { ...BEIJING, mobile },
    ambientService: "express",
  });
  if (!placed.ok) throw new Error(`preorder refused: ${JSON.stringify(placed)}`);
  if (card) await payDue(placed.orderId, card);
  return placed.orderId;
}

/** Pays what the order owes now (deposit, or a balance from its pay link) on the simulated page. */
export async function payDue(orderId: string, card: string = CARDS.saves) {
  const started = await startPayment({ orderId, origin: "http://localhost" });
  if (!started.ok) throw new Error(`not payable: ${started.error}`);
  const paymentId = started.redirectUrl.replace("/pay/", "");
  const paid = await paySimulated({
    paymentId,
    form: { number: card, expiry: "12/39", cvc: "123", name: "王小明" },
  });
  if (paid.kind !== "paid") throw new Error(`payment refused: ${paid.kind}`);
  return paymentId;
}

export async function presaleRow(orderId: string) {
  const [row] = await db().select().from(presaleOrders).where(eq(presaleOrders.orderId, orderId));
  return row!;
}

export async function orderStatus(orderId: string) {
  const [row] = await db()
    .select({ status: orders.status })
    .from(orders)
    .where(eq(orders.id, orderId));
  return row!.status;
}

export async function paymentsOf(orderId: string) {
  return db().select().from(payments).where(eq(payments.orderId, orderId));
}

/** The owner releases `packs` of a harvest batch (the world's own by default) against the presale. */
export const releasePacks = (w: PresaleWorld, packs: number, batchId = w.batchId) =>
  releaseHarvest({
    cooperativeId: w.cooperativeId,
    offerId: w.offerId,
    harvestBatchId: batchId,
    packs,
    harvestedKg: packs * 5,
    actor: "owner@test",
  });

/** Runs every due job (allocation, balance charges, shipments, notifications) until none is left. */
export async function drainJobs(now?: Date, { rounds = 200, limit = 50 } = {}) {
  for (let i = 0; i < rounds; i++) {
    const r = await runDueJobs({ workerId: "test", limit, now });
    if (r.ran === 0) return;
  }
  throw new Error("jobs never drained");
}
