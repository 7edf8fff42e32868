import { asc, eq } from "drizzle-orm";
import {
  shopperAddresses,
  type AmbientService,
  type Channel,
  type DeliveryAddress,
} from "../../db/orders-schema";
import { cartLines, carts, variants } from "../../db/schema";
import { db, type Executor } from "../lib/db.server";
import { env } from "../lib/env.server";
import type { Locale } from "../lib/i18n";
import { loadTariff } from "../shipping/tariffs.server";
import { paymentMethodsOffered } from "../payments/provider.server";
import { newId } from "../lib/ids";
import { checkoutValuesSchema, regionLists, type CheckoutValues } from "./checkout-form.server";
import { planParts, type CheckoutPlan } from "./checkout-plan";
import { planQuerySchema } from "./checkout-schemas";
import {
  loadOfferLines,
  placeOrder,
  type OfferLine,
  type OrderSource,
  type PlaceOrderError,
  type PlaceOrderOutcome,
} from "./place-order.server";

export type { CheckoutPlan, CheckoutPlanPart, CheckoutProblem } from "./checkout-plan";

/** The cart's lines under their offers, in the order they were added. */
async function cartOfferLines(ex: Executor, cartId: string): Promise<OfferLine[]> {
  return ex
    .select({ offerId: cartLines.offerId, quantity: cartLines.quantity })
    .from(cartLines)
    .innerJoin(variants, eq(variants.id, cartLines.variantId))
    .where(eq(cartLines.cartId, cartId))
    .orderBy(asc(cartLines.addedAt), asc(variants.sku));
}

/** The checkout page's live data: the cart priced for a destination province and ambient service. */
export async function planCheckout({
  cartId,
  province,
  ambientService,
  locale,
}: {
  cartId: string | null;
  province?: string;
  ambientService: AmbientService;
  locale: Locale;
}): Promise<CheckoutPlan> {
  const lines = cartId
    ? await loadOfferLines(db(), await cartOfferLines(db(), cartId), new Date())
    : [];
  const tariff = province && lines.length ? await loadTariff() : null;
  return planParts({ lines, to: province, ambientService, tariff, locale });
}

export type SubmitError = PlaceOrderError;
export type SubmitOutcome = PlaceOrderOutcome;

export interface SubmitCheckoutInput {
  cartId: string | null;
  submitKey: string;
  userId?: string | null;
  contact: { email?: string; mobile?: string };
  address: DeliveryAddress | Record<string, unknown>;
  ambientService: AmbientService;
  channel?: Channel;
  now?: Date;
}

/** A cart as an order source: locked while its lines are read, emptied once the order is written. */
function cartSource(cartId: string | null): OrderSource {
  return {
    ref: cartId ? { cartId } : null,
    async takeLines(tx) {
      if (!cartId) return [];
      // Two tabs submitting one cart queue here; the second then finds the cart emptied (or its order).
      await tx.select({ id: carts.id }).from(carts).where(eq(carts.id, cartId)).for("update");
      return cartOfferLines(tx, cartId);
    },
    async placed(tx) {
      await tx.delete(cartLines).where(eq(cartLines.cartId, cartId!));
    },
  };
}

/** The cart checkout: placeOrder over the cart, holding stock for RESERVATION_MINUTES. */
export async function submitCheckout(input: SubmitCheckoutInput): Promise<SubmitOutcome> {
  return placeOrder({
    ...input,
    source: cartSource(input.cartId),
    channel: input.channel ?? "standard",
    hold: { minutes: env.RESERVATION_MINUTES },
  });
}

/** The address a signed-in shopper last delivered to, to prefill the form. */
export async function savedAddress({
  userId,
}: {
  userId: string;
}): Promise<DeliveryAddress | null> {
  const [row] = await db()
    .select({ address: shopperAddresses.address })
    .from(shopperAddresses)
    .where(eq(shopperAddresses.userId, userId));
  return row?.address ?? null;
}

/**
 * What every checkout form starts from (the cart's, a claim's, a pre-order's): the province and
 * service asked for in the URL, else the signed-in shopper's saved address; the values to show,
 * the region lists, and a fresh submit key (one per rendering of the form: a double click or a
 * resent POST carries the same key).
 */
export async function checkoutFormStart(url: URL, user: { id: string; email: string } | null) {
  const query = planQuerySchema.parse({
    province: url.searchParams.get("province") ?? undefined,
    service: url.searchParams.get("service") ?? undefined,
  });
  const saved = user ? await savedAddress({ userId: user.id }) : null;
  const sent = checkoutValuesSchema.parse(Object.fromEntries(url.searchParams));
  const values: CheckoutValues = sent.province
    ? sent
    : saved
      ? { ...saved, postcode: saved.postcode ?? "" }
      : {};
  const province = query.province ?? (saved && !sent.province ? saved.province : undefined);
  return {
    province,
    ambientService: query.service,
    form: {
      account: user ? { email: user.email } : null,
      usedSaved: Boolean(saved && !sent.province),
      values: { ...values, province: province ?? "", ambientService: query.service },
      regions: regionLists({ ...values, province: province ?? "" }),
      submitKey: newId("chk", 24),
      /** What the payment page will offer, in the order the page lists it (none: that page decides). */
      paymentMethods: paymentMethodsOffered(),
    },
  };
}
