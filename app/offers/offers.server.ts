import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { offers, type Offer } from "../../db/schema";
import {
  closeOfferStock,
  drawOfferStock,
  openUndrawnPool,
  resizeUndrawnPool,
  returnOfferStock,
} from "../inventory/offer-pools.server";
import { db, type Executor } from "../lib/db.server";
import { newId } from "../lib/ids";
import { cappedOfferSchema, type CappedOfferInput } from "./schemas";

/** Each variant's standard offer id (every variant has one: the migration's trigger keeps it). */
export async function standardOffers({
  variantIds,
  tx,
}: {
  variantIds: string[];
  tx?: Executor;
}): Promise<Map<string, string>> {
  if (!variantIds.length) return new Map();
  const rows = await (tx ?? db())
    .select({ id: offers.id, variantId: offers.variantId })
    .from(offers)
    .where(and(eq(offers.kind, "standard"), inArray(offers.variantId, variantIds)));
  return new Map(rows.map((r) => [r.variantId, r.id]));
}

export async function getOffer({
  offerId,
  tx,
}: {
  offerId: string;
  tx?: Executor;
}): Promise<Offer | null> {
  const [row] = await (tx ?? db()).select().from(offers).where(eq(offers.id, offerId));
  return row ?? null;
}

export type CreateOfferOutcome =
  | { ok: true; offer: Offer }
  | { ok: false; error: "sold_out" | "insufficient" | "not_found" | "closed"; available: number };

/**
 * A capped offer and its pool, in one transaction: the cap is drawn from the variant's available
 * stock through inventory, so the offer can never sell units the variant does not have. A presale's
 * pool draws nothing (the fruit is on the tree): it holds the cap, the expected yield.
 */
export async function createCappedOffer(
  a: CappedOfferInput & { actor: string; tx?: Executor },
): Promise<CreateOfferOutcome> {
  const input = cappedOfferSchema.parse(a);
  const run = async (tx: Executor): Promise<CreateOfferOutcome> => {
    const [offer] = await tx
      .insert(offers)
      .values({
        id: newId("ofr"),
        variantId: input.variantId,
        kind: input.kind,
        priceFen: input.priceFen,
        cap: input.cap,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        perShopperLimit: input.perShopperLimit,
      })
      .returning();
    // A presale sells a harvest still growing: its pool is filled with the cap, not drawn from stock.
    if (input.kind === "presale") {
      const opened = await openUndrawnPool({
        offerId: offer!.id,
        cap: input.cap,
        actor: a.actor,
        tx,
      });
      if (!opened.ok) throw new Error(`presale pool not opened: ${opened.error}`);
      return { ok: true, offer: offer! };
    }
    const drawn = await drawOfferStock({
      offerId: offer!.id,
      quantity: input.cap,
      actor: a.actor,
      tx,
    });
    if (!drawn.ok) throw new OfferRefused(drawn);
    return { ok: true, offer: offer! };
  };
  try {
    return await (a.tx ?? db()).transaction(run);
  } catch (error) {
    if (error instanceof OfferRefused) return error.outcome;
    throw error;
  }
}

class OfferRefused extends Error {
  constructor(readonly outcome: Extract<CreateOfferOutcome, { ok: false }>) {
    super(outcome.error);
  }
}

/** Ends an offer: it prices nothing more, and what its pool did not sell goes back to the variant. */
export async function endOffer({
  offerId,
  actor,
  tx,
}: {
  offerId: string;
  actor: string;
  tx?: Executor;
}): Promise<{ ended: boolean; returned: number }> {
  return (tx ?? db()).transaction(async (t) => {
    // A standard offer never ends on its own: it lives as long as its variant.
    const ended = await t
      .update(offers)
      .set({ status: "ended", updatedAt: new Date() })
      .where(
        and(
          eq(offers.id, offerId),
          ne(offers.kind, "standard"),
          inArray(offers.status, ["active", "paused"]),
        ),
      )
      .returning({ id: offers.id });
    const { returned } = await closeOfferStock({ offerId, actor, tx: t });
    return { ended: ended.length > 0, returned };
  });
}

/** A non-standard offer's status, price and window, as its channel runs it (start, pause, resume, edit). */
export async function setOfferTerms({
  offerId,
  status,
  priceFen,
  startsAt,
  endsAt,
  tx,
}: {
  offerId: string;
  status?: "active" | "paused";
  priceFen?: number;
  startsAt?: Date | null;
  endsAt?: Date | null;
  tx?: Executor;
}): Promise<boolean> {
  const rows = await (tx ?? db())
    .update(offers)
    .set({
      ...(status ? { status } : {}),
      ...(priceFen !== undefined ? { priceFen } : {}),
      ...(startsAt !== undefined ? { startsAt } : {}),
      ...(endsAt !== undefined ? { endsAt } : {}),
      updatedAt: new Date(),
    })
    .where(and(eq(offers.id, offerId), ne(offers.kind, "standard"), ne(offers.status, "ended")))
    .returning({ id: offers.id });
  return rows.length > 0;
}

/**
 * Closes an offer's window at `at` and its pool now (what it did not sell goes back to the
 * variant), leaving its terms as they were: lines priced while it ran (a flash-sale claim taken
 * before the end) are still honoured at its price, new ones are not.
 */
export async function closeOffer({
  offerId,
  at,
  actor,
  tx,
}: {
  offerId: string;
  at: Date;
  actor: string;
  tx?: Executor;
}): Promise<{ returned: number }> {
  return (tx ?? db()).transaction(async (t) => {
    await t
      .update(offers)
      .set({
        endsAt: at,
        // Ended before it opened: the window stays a window (ends after it starts).
        startsAt: sql`least(${offers.startsAt}, ${at.toISOString()}::timestamptz - interval '1 millisecond')`,
        updatedAt: new Date(),
      })
      .where(and(eq(offers.id, offerId), ne(offers.kind, "standard")));
    return closeOfferStock({ offerId, actor, tx: t });
  });
}

export type ResizeOutcome =
  | { ok: true; cap: number }
  | { ok: false; error: "not_found" | "closed" | "below_committed"; committed: number };

/**
 * A presale's new cap (its expected yield changed): raised freely, lowered only down to what is
 * already held and sold; the offer row and its pool change together or not at all.
 */
export async function resizePresaleOffer({
  offerId,
  cap,
  actor,
  tx,
}: {
  offerId: string;
  cap: number;
  actor: string;
  tx?: Executor;
}): Promise<ResizeOutcome> {
  try {
    return await (tx ?? db()).transaction(async (t) => {
      const [offer] = await t
        .select({ id: offers.id })
        .from(offers)
        .where(and(eq(offers.id, offerId), eq(offers.kind, "presale")))
        .for("update");
      if (!offer) return { ok: false as const, error: "not_found" as const, committed: 0 };
      const resized = await resizeUndrawnPool({ offerId, cap, actor, tx: t });
      if (!resized.ok) throw new ResizeRefused(resized);
      await t.update(offers).set({ cap, updatedAt: new Date() }).where(eq(offers.id, offerId));
      return { ok: true as const, cap };
    });
  } catch (error) {
    if (error instanceof ResizeRefused) return error.outcome;
    throw error;
  }
}

/**
 * A drawn pool's new cap (a group deal's maximum changed): raising it draws more of the variant's
 * stock, lowering it gives unsold, unheld units back, never below what is held and sold. The
 * offer row and its pool change together or not at all; `available` says what was short (stock to
 * draw, or the pool's free units to give back).
 */
export async function resizeDrawnOffer({
  offerId,
  cap,
  actor,
  tx,
}: {
  offerId: string;
  cap: number;
  actor: string;
  tx?: Executor;
}): Promise<
  | { ok: true; cap: number }
  | { ok: false; error: "not_found" | "insufficient_stock" | "below_committed"; available: number }
> {
  return (tx ?? db()).transaction(async (t) => {
    const [offer] = await t
      .select({ cap: offers.cap })
      .from(offers)
      .where(and(eq(offers.id, offerId), inArray(offers.kind, ["flash", "groupbuy"])))
      .for("update");
    if (!offer || offer.cap === null)
      return { ok: false as const, error: "not_found" as const, available: 0 };
    const delta = cap - offer.cap;
    if (delta > 0) {
      const drawn = await drawOfferStock({ offerId, quantity: delta, actor, tx: t });
      if (!drawn.ok)
        return {
          ok: false as const,
          error: "insufficient_stock" as const,
          available: drawn.available,
        };
    } else if (delta < 0) {
      const back = await returnOfferStock({ offerId, quantity: -delta, actor, tx: t });
      if (!back.ok)
        return { ok: false as const, error: "below_committed" as const, available: back.available };
    }
    if (delta !== 0)
      await t.update(offers).set({ cap, updatedAt: new Date() }).where(eq(offers.id, offerId));
    return { ok: true as const, cap };
  });
}

class ResizeRefused extends Error {
  constructor(readonly outcome: Extract<ResizeOutcome, { ok: false }>) {
    super(outcome.error);
  }
}

/** The kinds of the offers among `ids` (for pages naming what stock went to). */
export async function offerKinds(ids: string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id) => id.startsWith("ofr_")))];
  if (!wanted.length) return new Map();
  const rows = await db()
    .select({ id: offers.id, kind: offers.kind })
    .from(offers)
    .where(inArray(offers.id, wanted));
  return new Map(rows.map((r) => [r.id, r.kind]));
}
