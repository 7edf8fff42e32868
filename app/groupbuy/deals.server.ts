import { and, asc, count, desc, eq, inArray, min, ne, sql } from "drizzle-orm";
import {
  groupbuyDealPoints,
  groupbuyDeals,
  groupbuyJoins,
  groupbuyTiers,
  pickupPoints,
  type DealState,
  type HoldMode,
} from "../../db/groupbuy-schema";
import { orders } from "../../db/orders-schema";
import { inventoryLevels, offerLevels, offers, products, variants } from "../../db/schema";
import { invalidateCatalog } from "../catalog/cache.server";
import { db, type Executor, type Tx } from "../lib/db.server";
import type { FieldErrors } from "../lib/field-errors";
import { insertWithFreshCode } from "../lib/fresh-code";
import { newShortCode } from "../lib/short-code";
import { createCappedOffer, resizeDrawnOffer, setOfferTerms } from "../offers/offers.server";
import { holdModeFor, latestDeadlineForHolds } from "./hold-mode";
import { enqueueSettlement } from "./settle-queue.server";
import type { DealTermsInput } from "./schemas";
import { dealProgress, type DealProgress, type Tier } from "./tiers";

/*
 * The owner's side of group deals: a `groupbuy` offer on one of the cooperative's packs whose pool,
 * drawn from the pack's stock through the offers and inventory modules, is the deal's maximum; its
 * tiers, pickup points and share code. Every call names the cooperative the session acts for;
 * another cooperative's pack, deal or pickup point is not found.
 */

export type DealOutcome =
  | { ok: true; offerId: string; shareCode: string }
  | { ok: false; error: "not_found" }
  | { ok: false; error: "invalid"; errors: FieldErrors; count?: number };

const E = (k: string) => `groupbuy.admin.error.${k}`;

class Refused extends Error {
  constructor(readonly outcome: Exclude<DealOutcome, { ok: true }>) {
    super("refused");
  }
}
const invalid = (errors: FieldErrors, count?: number) =>
  new Refused({ ok: false, error: "invalid", errors, count });

async function refusing(run: () => Promise<DealOutcome>): Promise<DealOutcome> {
  try {
    const outcome = await run();
    if (outcome.ok) invalidateCatalog();
    return outcome;
  } catch (error) {
    if (error instanceof Refused) return error.outcome;
    throw error;
  }
}

/** The pack's row locked, when it is the cooperative's: two owners editing its deals take turns. */
async function lockPack(tx: Tx, cooperativeId: string, variantId: string) {
  const [pack] = await tx
    .select({ id: variants.id, cooperativeId: products.cooperativeId })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(eq(variants.id, variantId))
    .for("update", { of: variants });
  return pack && pack.cooperativeId === cooperativeId ? pack : null;
}

/** Refuses pickup points that are not the cooperative's active ones (`keep`: already on the deal). */
async function checkPoints(tx: Tx, cooperativeId: string, ids: string[], keep: string[] = []) {
  const fresh = ids.filter((id) => !keep.includes(id));
  if (!fresh.length) return;
  const found = await tx
    .select({ id: pickupPoints.id })
    .from(pickupPoints)
    .where(
      and(
        inArray(pickupPoints.id, fresh),
        eq(pickupPoints.cooperativeId, cooperativeId),
        eq(pickupPoints.active, true),
      ),
    );
  if (found.length !== fresh.length) throw invalid({ pickupPointIds: E("point") });
}

async function writeTiersAndPoints(tx: Tx, offerId: string, input: DealTermsInput) {
  await tx.delete(groupbuyTiers).where(eq(groupbuyTiers.offerId, offerId));
  await tx.insert(groupbuyTiers).values(input.tiers.map((t) => ({ offerId, ...t })));
  await tx.delete(groupbuyDealPoints).where(eq(groupbuyDealPoints.offerId, offerId));
  if (input.pickupPointIds.length)
    await tx
      .insert(groupbuyDealPoints)
      .values(input.pickupPointIds.map((pickupPointId) => ({ offerId, pickupPointId })));
}

/**
 * Opens a group deal on one of the cooperative's packs, taking joins from now to `endsAt`: the
 * offer at tier 1's price with its pool of `maxQuantity` drawn from the pack's stock (short stock
 * is refused by the maximum, with what is in stock as `count`), its tiers, its pickup points, how
 * joins pay (authorize when the deadline is at most HOLD_DAYS away, else charge) and a share code.
 */
export async function createDeal({
  cooperativeId,
  actor,
  input,
  now = new Date(),
}: {
  cooperativeId: string;
  actor: string;
  input: DealTermsInput & { variantId: string };
  now?: Date;
}): Promise<DealOutcome> {
  return refusing(() =>
    db().transaction(async (tx) => {
      const pack = await lockPack(tx, cooperativeId, input.variantId);
      if (!pack) throw new Refused({ ok: false, error: "not_found" });
      await checkPoints(tx, cooperativeId, input.pickupPointIds);
      const created = await createCappedOffer({
        variantId: pack.id,
        kind: "groupbuy",
        priceFen: input.tiers[0]!.priceFen,
        cap: input.maxQuantity,
        startsAt: now,
        endsAt: input.endsAt,
        actor,
        tx,
      });
      if (!created.ok) throw invalid({ maxQuantity: E("maxAboveStock") }, created.available);
      const offerId = created.offer.id;
      const shareCode = await insertWithFreshCode("share", newShortCode, async (code) => {
        const [row] = await tx
          .insert(groupbuyDeals)
          .values({
            offerId,
            cooperativeId,
            variantId: pack.id,
            minQuantity: input.minQuantity,
            maxQuantity: input.maxQuantity,
            holdMode: holdModeFor({ endsAt: input.endsAt, now }),
            allowHomeDelivery: input.allowHomeDelivery,
            shareCode: code,
            createdBy: actor,
          })
          .onConflictDoNothing({ target: groupbuyDeals.shareCode })
          .returning({ code: groupbuyDeals.shareCode });
        return row?.code;
      });
      await writeTiersAndPoints(tx, offerId, input);
      await enqueueSettlement(tx, { offerId, when: input.endsAt });
      return { ok: true as const, offerId, shareCode };
    }),
  );
}

const sameTiers = (a: Tier[], b: Tier[]) =>
  a.length === b.length &&
  a.every((t, i) => t.minQuantity === b[i]!.minQuantity && t.priceFen === b[i]!.priceFen);

/**
 * New terms for one of the cooperative's open deals. Before anyone joined, everything may change
 * (how joins pay follows the new deadline). Once someone has, what their payment was taken on
 * stays: the tiers and the minimum are fixed, the deadline may move only while the first hold is
 * still alive at settlement (authorize deals), the maximum not below what is joined, and a pickup
 * point (or home delivery) that a join chose stays offered. All or nothing.
 */
export async function editDeal({
  cooperativeId,
  offerId,
  actor,
  input,
  now = new Date(),
}: {
  cooperativeId: string;
  offerId: string;
  actor: string;
  input: DealTermsInput;
  now?: Date;
}): Promise<DealOutcome> {
  return refusing(() =>
    db().transaction(async (tx) => {
      const [found] = await tx
        .select({ variantId: groupbuyDeals.variantId })
        .from(groupbuyDeals)
        .where(
          and(eq(groupbuyDeals.offerId, offerId), eq(groupbuyDeals.cooperativeId, cooperativeId)),
        );
      if (!found) throw new Refused({ ok: false, error: "not_found" });
      // The pack, then the deal: the order a create takes them in.
      await lockPack(tx, cooperativeId, found.variantId);
      const [deal] = await tx
        .select()
        .from(groupbuyDeals)
        .where(eq(groupbuyDeals.offerId, offerId))
        .for("update");
      const [offer] = await tx.select().from(offers).where(eq(offers.id, offerId));
      if (!deal || !offer) throw new Refused({ ok: false, error: "not_found" });
      if (
        deal.state !== "open" ||
        offer.status === "ended" ||
        (offer.endsAt && offer.endsAt <= now)
      )
        throw invalid({ form: E("closed") });
      const before = await termsOf(tx, offerId);
      const joins = await joinFacts(tx, offerId);
      await checkPoints(tx, cooperativeId, input.pickupPointIds, before.pickupPointIds);

      const errors: FieldErrors = {};
      let holdMode: HoldMode = holdModeFor({ endsAt: input.endsAt, now });
      if (joins.count > 0) {
        holdMode = deal.holdMode;
        if (!sameTiers(before.tiers, input.tiers)) errors.priceFen = E("tiersLocked");
        if (input.minQuantity !== deal.minQuantity) errors.minQuantity = E("minLocked");
        if (
          deal.holdMode === "authorize" &&
          joins.firstAt &&
          input.endsAt > latestDeadlineForHolds(joins.firstAt)
        )
          errors.endsAt = E("beyondHolds");
        const dropped = before.pickupPointIds.filter((p) => !input.pickupPointIds.includes(p));
        if (dropped.some((p) => joins.pointIds.includes(p)))
          errors.pickupPointIds = E("pointInUse");
        if (!input.allowHomeDelivery && joins.homeDelivery)
          errors.allowHomeDelivery = E("homeInUse");
      }
      if (Object.keys(errors).length) throw invalid(errors);

      if (input.maxQuantity !== deal.maxQuantity) {
        const resized = await resizeDrawnOffer({ offerId, cap: input.maxQuantity, actor, tx });
        if (!resized.ok)
          throw resized.error === "below_committed"
            ? invalid({ maxQuantity: E("maxBelowJoined") }, deal.maxQuantity - resized.available)
            : resized.error === "insufficient_stock"
              ? invalid({ maxQuantity: E("maxAboveStock") }, deal.maxQuantity + resized.available)
              : new Refused({ ok: false, error: "not_found" });
      }
      const set = await setOfferTerms({
        offerId,
        priceFen: input.tiers[0]!.priceFen,
        endsAt: input.endsAt,
        tx,
      });
      if (!set) throw invalid({ form: E("closed") });
      await tx
        .update(groupbuyDeals)
        .set({
          minQuantity: input.minQuantity,
          maxQuantity: input.maxQuantity,
          holdMode,
          allowHomeDelivery: input.allowHomeDelivery,
          updatedAt: new Date(),
        })
        .where(eq(groupbuyDeals.offerId, offerId));
      await writeTiersAndPoints(tx, offerId, input);
      // A moved deadline settles then (the job queued for the old one finds the deal not due).
      await enqueueSettlement(tx, { offerId, when: input.endsAt });
      return { ok: true as const, offerId, shareCode: deal.shareCode };
    }),
  );
}

/** A deal's tiers (sorted) and pickup points. */
async function termsOf(q: Executor, offerId: string) {
  const tiers = await q
    .select({ minQuantity: groupbuyTiers.minQuantity, priceFen: groupbuyTiers.priceFen })
    .from(groupbuyTiers)
    .where(eq(groupbuyTiers.offerId, offerId))
    .orderBy(asc(groupbuyTiers.minQuantity));
  const points = await q
    .select({ id: groupbuyDealPoints.pickupPointId })
    .from(groupbuyDealPoints)
    .where(eq(groupbuyDealPoints.offerId, offerId))
    .orderBy(asc(groupbuyDealPoints.pickupPointId));
  return { tiers, pickupPointIds: points.map((p) => p.id) };
}

/** What joins constrain an edit: how many, the first one's time, the points and home delivery chosen. */
async function joinFacts(q: Executor, offerId: string) {
  const live = and(eq(groupbuyJoins.offerId, offerId), ne(groupbuyJoins.state, "cancelled"));
  const [agg] = await q
    .select({ count: count(), firstAt: min(groupbuyJoins.createdAt) })
    .from(groupbuyJoins)
    .where(live);
  const points = await q
    .selectDistinct({ id: groupbuyJoins.pickupPointId })
    .from(groupbuyJoins)
    .where(live);
  const [pool] = await q
    .select({ reserved: offerLevels.reserved, sold: offerLevels.sold })
    .from(offerLevels)
    .where(eq(offerLevels.offerId, offerId));
  // Units held in the pool count as joined even before their join row exists (an order being placed).
  const held = (pool?.reserved ?? 0) + (pool?.sold ?? 0);
  return {
    count: Math.max(agg?.count ?? 0, held),
    firstAt: agg?.firstAt ? new Date(agg.firstAt) : held > 0 ? new Date() : null,
    pointIds: points.map((p) => p.id).filter((id): id is string => id !== null),
    homeDelivery: points.some((p) => p.id === null),
  };
}

/** Where a deal stands for its owner. */
export type DealPhase = "open" | "full" | "closed" | Exclude<DealState, "open">;

export function dealPhase(
  deal: { state: DealState },
  offer: { status: string; endsAt: Date | null },
  progress: { full: boolean },
  now: Date,
): DealPhase {
  if (deal.state !== "open") return deal.state;
  if (offer.status === "ended" || (offer.endsAt && offer.endsAt <= now)) return "closed";
  return progress.full ? "full" : "open";
}

const dealColumns = {
  offerId: groupbuyDeals.offerId,
  variantId: groupbuyDeals.variantId,
  minQuantity: groupbuyDeals.minQuantity,
  maxQuantity: groupbuyDeals.maxQuantity,
  holdMode: groupbuyDeals.holdMode,
  allowHomeDelivery: groupbuyDeals.allowHomeDelivery,
  shareCode: groupbuyDeals.shareCode,
  state: groupbuyDeals.state,
  reachedQuantity: groupbuyDeals.reachedQuantity,
  settledPriceFen: groupbuyDeals.settledPriceFen,
  settledAt: groupbuyDeals.settledAt,
  createdAt: groupbuyDeals.createdAt,
  priceFen: offers.priceFen,
  offerStatus: offers.status,
  startsAt: offers.startsAt,
  endsAt: offers.endsAt,
  productNameZh: products.nameZh,
  productNameEn: products.nameEn,
  labelZh: variants.labelZh,
  labelEn: variants.labelEn,
  // Joined: units held for joins or sold under the deal (its pool's reserved + sold).
  joined: sql<number>`coalesce(${offerLevels.reserved} + ${offerLevels.sold}, 0)`.mapWith(Number),
};

export interface DealRow {
  offerId: string;
  variantId: string;
  minQuantity: number;
  maxQuantity: number;
  holdMode: HoldMode;
  allowHomeDelivery: boolean;
  shareCode: string;
  state: DealState;
  reachedQuantity: number;
  settledPriceFen: number | null;
  settledAt: Date | null;
  createdAt: Date;
  priceFen: number;
  startsAt: Date | null;
  endsAt: Date | null;
  productNameZh: string;
  productNameEn: string;
  labelZh: string;
  labelEn: string;
  tiers: Tier[];
  progress: DealProgress;
  phase: DealPhase;
}

async function dealRows(
  cooperativeId: string,
  now: Date,
  { offerId, limit = 200 }: { offerId?: string; limit?: number } = {},
): Promise<DealRow[]> {
  const rows = await db()
    .select(dealColumns)
    .from(groupbuyDeals)
    .innerJoin(offers, eq(offers.id, groupbuyDeals.offerId))
    .innerJoin(variants, eq(variants.id, groupbuyDeals.variantId))
    .innerJoin(products, eq(products.id, variants.productId))
    .leftJoin(offerLevels, eq(offerLevels.offerId, groupbuyDeals.offerId))
    .where(
      and(
        eq(groupbuyDeals.cooperativeId, cooperativeId),
        offerId ? eq(groupbuyDeals.offerId, offerId) : undefined,
      ),
    )
    .orderBy(desc(groupbuyDeals.createdAt), asc(groupbuyDeals.offerId))
    .limit(limit);
  if (!rows.length) return [];
  const tiers = await db()
    .select()
    .from(groupbuyTiers)
    .where(
      inArray(
        groupbuyTiers.offerId,
        rows.map((r) => r.offerId),
      ),
    )
    .orderBy(asc(groupbuyTiers.offerId), asc(groupbuyTiers.minQuantity));
  return rows.map(({ offerStatus, ...r }) => {
    const own = tiers
      .filter((t) => t.offerId === r.offerId)
      .map((t) => ({ minQuantity: t.minQuantity, priceFen: t.priceFen }));
    const progress = dealProgress({
      tiers: own,
      joined: r.joined,
      minQuantity: r.minQuantity,
      maxQuantity: r.maxQuantity,
      endsAt: r.endsAt,
      now,
    });
    return {
      ...r,
      tiers: own,
      progress,
      phase: dealPhase(r, { status: offerStatus, endsAt: r.endsAt }, progress, now),
    };
  });
}

/** The cooperative's deals, newest first, each with its progress to the next tier. */
export function listDeals({
  cooperativeId,
  now = new Date(),
}: {
  cooperativeId: string;
  now?: Date;
}): Promise<DealRow[]> {
  return dealRows(cooperativeId, now);
}

/** One of the cooperative's deals with its progress, pickup points and pool; null otherwise. */
export async function dealDetail({
  cooperativeId,
  offerId,
  now = new Date(),
}: {
  cooperativeId: string;
  offerId: string;
  now?: Date;
}) {
  const [deal] = await dealRows(cooperativeId, now, { offerId, limit: 1 });
  if (!deal) return null;
  const [{ pickupPointIds }, joins] = await Promise.all([
    termsOf(db(), offerId),
    joinFacts(db(), offerId),
  ]);
  return { ...deal, pickupPointIds, joinCount: joins.count, firstJoinAt: joins.firstAt };
}

/** A deal's joins, newest first (the table settlement and pickup will fill in). */
export async function dealJoins({
  cooperativeId,
  offerId,
  limit = 200,
}: {
  cooperativeId: string;
  offerId: string;
  limit?: number;
}) {
  const where = and(
    eq(groupbuyJoins.offerId, offerId),
    eq(groupbuyJoins.cooperativeId, cooperativeId),
  );
  const [rows, [total]] = await Promise.all([
    db()
      .select({
        orderId: groupbuyJoins.orderId,
        code: orders.code,
        quantity: groupbuyJoins.quantity,
        state: groupbuyJoins.state,
        pickupPointName: pickupPoints.name,
        pickupCode: groupbuyJoins.pickupCode,
        collectedAt: groupbuyJoins.collectedAt,
        createdAt: groupbuyJoins.createdAt,
      })
      .from(groupbuyJoins)
      .innerJoin(orders, eq(orders.id, groupbuyJoins.orderId))
      .leftJoin(pickupPoints, eq(pickupPoints.id, groupbuyJoins.pickupPointId))
      .where(where)
      .orderBy(desc(groupbuyJoins.createdAt), asc(groupbuyJoins.orderId))
      .limit(limit),
    db().select({ n: count() }).from(groupbuyJoins).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** The cooperative's packs a deal may be opened on, with the stock a deal can draw. */
export async function dealPacks({ cooperativeId }: { cooperativeId: string }) {
  return db()
    .select({
      id: variants.id,
      labelZh: variants.labelZh,
      labelEn: variants.labelEn,
      priceFen: variants.priceFen,
      productNameZh: products.nameZh,
      productNameEn: products.nameEn,
      available: sql<number>`coalesce(${inventoryLevels.available}, 0)`.mapWith(Number),
    })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .leftJoin(inventoryLevels, eq(inventoryLevels.variantId, variants.id))
    .where(
      and(
        eq(products.cooperativeId, cooperativeId),
        ne(products.status, "archived"),
        ne(variants.status, "archived"),
      ),
    )
    .orderBy(products.nameZh, variants.position)
    .limit(500);
}

/** The cooperative's active pickup points a deal may offer (and the ones it already offers). */
export async function dealPointChoices({
  cooperativeId,
  include = [],
}: {
  cooperativeId: string;
  include?: string[];
}) {
  const rows = await db()
    .select({
      id: pickupPoints.id,
      name: pickupPoints.name,
      addressLine: pickupPoints.addressLine,
      active: pickupPoints.active,
    })
    .from(pickupPoints)
    .where(eq(pickupPoints.cooperativeId, cooperativeId))
    .orderBy(asc(pickupPoints.name), asc(pickupPoints.id));
  return rows.filter((p) => p.active || include.includes(p.id));
}

/** For settlement and the share page: the deal behind a share code (any cooperative). */
export async function dealByShareCode({ code }: { code: string }) {
  const [row] = await db()
    .select({ offerId: groupbuyDeals.offerId, cooperativeId: groupbuyDeals.cooperativeId })
    .from(groupbuyDeals)
    .where(eq(groupbuyDeals.shareCode, code));
  return row ?? null;
}
