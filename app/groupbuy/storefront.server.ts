import { and, asc, desc, eq, gt, inArray, lte, ne } from "drizzle-orm";
import {
  groupbuyDealPoints,
  groupbuyDeals,
  groupbuyJoins,
  groupbuyTiers,
  pickupPoints,
  type DealState,
  type HoldMode,
  type JoinState,
  type PickupPoint,
} from "../../db/groupbuy-schema";
import { payments } from "../../db/orders-schema";
import { media, offerLevels, offers, productImages, products, variants } from "../../db/schema";
import { cachedRead } from "../catalog/cache.server";
import { db } from "../lib/db.server";
import { siteOrigin } from "../lib/origin.server";
import { pick, type Locale } from "../lib/i18n";
import { provinceName } from "../lib/regions";
import { resolveRegion } from "../lib/regions.server";
import { imageRef, type ImageRef } from "../media/images";
import { MAX_JOIN_QUANTITY } from "./join.server";
import { dealProgress, type DealProgress, type Tier } from "./tiers";

/*
 * What shoppers see of group deals: the share page /g/:code, the home page's open deals and a
 * join's card on its order page. Read live (no shared cache): the share page's progress and
 * what is left decide what the join form offers.
 */

/** A share code as createDeal makes them; anything else is not looked up. */
export const SHARE_CODE = /^[2-9a-hjkmnp-z]{8}$/;

/** Where a deal stands for a shopper. */
export type StorePhase = "upcoming" | "open" | "full" | "closed" | Exclude<DealState, "open">;

export interface StorePoint {
  id: string;
  name: string;
  address: string;
  openingHours: string;
}

export interface StoreDeal {
  offerId: string;
  shareCode: string;
  productSlug: string;
  productName: string;
  packLabel: string;
  image: ImageRef | null;
  tiers: Tier[];
  progress: DealProgress;
  phase: StorePhase;
  minQuantity: number;
  maxQuantity: number;
  /** Packs a join may still take (0 once full or closed), at most MAX_JOIN_QUANTITY. */
  joinLimit: number;
  left: number;
  holdMode: HoldMode;
  allowHomeDelivery: boolean;
  endsAt: string | null;
  settledPriceFen: number | null;
  reachedQuantity: number;
  points: StorePoint[];
}

/** A pickup point's address as one line, region names first. */
export function pointAddress(
  p: Pick<PickupPoint, "provinceCode" | "cityCode" | "districtCode" | "addressLine">,
): string {
  const names = resolveRegion({
    province: p.provinceCode,
    cityCode: p.cityCode,
    districtCode: p.districtCode,
  });
  if (!names) return p.addressLine;
  const province = provinceName(p.provinceCode, "zh");
  const district = names.district === names.city ? "" : names.district;
  const region = names.city.startsWith(province)
    ? `${names.city}${district}`
    : `${province}${names.city}${district}`;
  return `${region} ${p.addressLine}`;
}

const dealColumns = {
  offerId: groupbuyDeals.offerId,
  shareCode: groupbuyDeals.shareCode,
  minQuantity: groupbuyDeals.minQuantity,
  maxQuantity: groupbuyDeals.maxQuantity,
  holdMode: groupbuyDeals.holdMode,
  allowHomeDelivery: groupbuyDeals.allowHomeDelivery,
  state: groupbuyDeals.state,
  reachedQuantity: groupbuyDeals.reachedQuantity,
  settledPriceFen: groupbuyDeals.settledPriceFen,
  offerStatus: offers.status,
  startsAt: offers.startsAt,
  endsAt: offers.endsAt,
  reserved: offerLevels.reserved,
  sold: offerLevels.sold,
  productSlug: products.slug,
  productNameZh: products.nameZh,
  productNameEn: products.nameEn,
  labelZh: variants.labelZh,
  labelEn: variants.labelEn,
  image: media,
  altZh: productImages.altZh,
  altEn: productImages.altEn,
};

function dealQuery() {
  return db()
    .select(dealColumns)
    .from(groupbuyDeals)
    .innerJoin(offers, eq(offers.id, groupbuyDeals.offerId))
    .innerJoin(variants, eq(variants.id, groupbuyDeals.variantId))
    .innerJoin(products, eq(products.id, variants.productId))
    .leftJoin(offerLevels, eq(offerLevels.offerId, groupbuyDeals.offerId))
    .leftJoin(
      productImages,
      and(eq(productImages.productId, products.id), eq(productImages.position, 0)),
    )
    .leftJoin(media, eq(media.id, productImages.mediaId));
}

type Row = Awaited<ReturnType<typeof dealQuery>>[number];

async function tiersOf(offerIds: string[]): Promise<Map<string, Tier[]>> {
  const out = new Map<string, Tier[]>();
  if (!offerIds.length) return out;
  const rows = await db()
    .select()
    .from(groupbuyTiers)
    .where(inArray(groupbuyTiers.offerId, offerIds))
    .orderBy(asc(groupbuyTiers.offerId), asc(groupbuyTiers.minQuantity));
  for (const r of rows) {
    const list = out.get(r.offerId) ?? [];
    list.push({ minQuantity: r.minQuantity, priceFen: r.priceFen });
    out.set(r.offerId, list);
  }
  return out;
}

function phaseOf(r: Row, full: boolean, now: Date): StorePhase {
  if (r.state !== "open") return r.state;
  if (r.offerStatus === "ended" || (r.endsAt && r.endsAt <= now)) return "closed";
  if (r.offerStatus !== "active" || (r.startsAt && r.startsAt > now)) return "upcoming";
  return full ? "full" : "open";
}

function toStore(r: Row, tiers: Tier[], points: StorePoint[], locale: Locale, now: Date) {
  const joined = (r.reserved ?? 0) + (r.sold ?? 0);
  const progress = dealProgress({
    tiers,
    joined: r.state === "open" || r.state === "settling" ? joined : r.reachedQuantity,
    minQuantity: r.minQuantity,
    maxQuantity: r.maxQuantity,
    endsAt: r.endsAt,
    now,
  });
  const phase = phaseOf(r, progress.full, now);
  const left = Math.max(0, r.maxQuantity - joined);
  return {
    offerId: r.offerId,
    shareCode: r.shareCode,
    productSlug: r.productSlug,
    productName: pick({ nameZh: r.productNameZh, nameEn: r.productNameEn }, "name", locale),
    packLabel: pick({ labelZh: r.labelZh, labelEn: r.labelEn }, "label", locale),
    image: r.image
      ? imageRef(r.image, pick({ altZh: r.altZh ?? "", altEn: r.altEn ?? "" }, "alt", locale))
      : null,
    tiers,
    progress,
    phase,
    minQuantity: r.minQuantity,
    maxQuantity: r.maxQuantity,
    joinLimit: phase === "open" ? Math.min(MAX_JOIN_QUANTITY, left) : 0,
    left,
    holdMode: r.holdMode,
    allowHomeDelivery: r.allowHomeDelivery,
    endsAt: r.endsAt ? r.endsAt.toISOString() : null,
    settledPriceFen: r.settledPriceFen,
    reachedQuantity: r.reachedQuantity,
    points,
  } satisfies StoreDeal;
}

async function dealPoints(offerId: string): Promise<StorePoint[]> {
  const rows = await db()
    .select({ point: pickupPoints })
    .from(groupbuyDealPoints)
    .innerJoin(pickupPoints, eq(pickupPoints.id, groupbuyDealPoints.pickupPointId))
    .where(and(eq(groupbuyDealPoints.offerId, offerId), eq(pickupPoints.active, true)))
    .orderBy(asc(pickupPoints.name), asc(pickupPoints.id));
  return rows.map(({ point: p }) => ({
    id: p.id,
    name: p.name,
    address: pointAddress(p),
    openingHours: p.openingHours,
  }));
}

/** The deal behind a share link with its tiers, progress and pickup points; null for an unknown code. */
export async function shareDeal({
  code,
  locale,
  now = new Date(),
}: {
  code: string;
  locale: Locale;
  now?: Date;
}): Promise<StoreDeal | null> {
  if (!SHARE_CODE.test(code)) return null;
  const [row] = await dealQuery().where(eq(groupbuyDeals.shareCode, code));
  if (!row) return null;
  const [tiers, points] = await Promise.all([tiersOf([row.offerId]), dealPoints(row.offerId)]);
  return toStore(row, tiers.get(row.offerId) ?? [], points, locale, now);
}

/**
 * Deals taking joins now, closest deadline first: the home page's few, through the catalog's
 * short cache (the home page is the same for everyone; the share page reads live).
 */
export function openDeals({
  locale,
  now = new Date(),
  limit = 4,
}: {
  locale: Locale;
  now?: Date;
  limit?: number;
}): Promise<StoreDeal[]> {
  const bounded = Math.max(1, Math.min(limit, 12));
  return cachedRead(`groupbuy:open:${locale}:${bounded}`, async () => {
    const rows = await dealQuery()
      .where(
        and(
          eq(groupbuyDeals.state, "open"),
          eq(offers.status, "active"),
          lte(offers.startsAt, now),
          gt(offers.endsAt, now),
          eq(products.status, "active"),
          ne(variants.status, "archived"),
        ),
      )
      .orderBy(asc(offers.endsAt), asc(groupbuyDeals.offerId))
      .limit(bounded);
    const tiers = await tiersOf(rows.map((r) => r.offerId));
    return rows.map((r) => toStore(r, tiers.get(r.offerId) ?? [], [], locale, now));
  });
}

export interface JoinCard {
  shareCode: string;
  productName: string;
  quantity: number;
  joinState: JoinState;
  dealPhase: StorePhase;
  holdMode: HoldMode;
  /** What the payment holds (or charged, in charge mode), and what settlement took. */
  heldFen: number | null;
  capturedFen: number | null;
  settledPriceFen: number | null;
  /** Per pack at tier 1: what the join is held at until the deal settles. */
  tierOnePriceFen: number;
  endsAt: string | null;
  progress: DealProgress;
  tiers: Tier[];
  minQuantity: number;
  maxQuantity: number;
  point: (StorePoint & { leaderName: string; leaderMobile: string }) | null;
  pickupCode: string | null;
  collectedAt: string | null;
}

/** A group join's card on its order page; null when the order is not a join. */
export async function joinCard({
  orderId,
  locale,
  now = new Date(),
}: {
  orderId: string;
  locale: Locale;
  now?: Date;
}): Promise<JoinCard | null> {
  const [join] = await db()
    .select({ join: groupbuyJoins, point: pickupPoints })
    .from(groupbuyJoins)
    .leftJoin(pickupPoints, eq(pickupPoints.id, groupbuyJoins.pickupPointId))
    .where(eq(groupbuyJoins.orderId, orderId));
  if (!join) return null;
  const [[row], tiers, [payment]] = await Promise.all([
    dealQuery().where(eq(groupbuyDeals.offerId, join.join.offerId)),
    tiersOf([join.join.offerId]),
    db()
      .select({
        amountFen: payments.amountFen,
        capturedFen: payments.capturedFen,
        status: payments.status,
      })
      .from(payments)
      .where(
        and(
          eq(payments.orderId, orderId),
          inArray(payments.status, ["authorized", "succeeded", "voided"]),
        ),
      )
      .orderBy(desc(payments.createdAt))
      .limit(1),
  ]);
  if (!row) return null;
  const own = tiers.get(row.offerId) ?? [];
  const deal = toStore(row, own, [], locale, now);
  const p = join.point;
  return {
    shareCode: deal.shareCode,
    productName: deal.productName,
    quantity: join.join.quantity,
    joinState: join.join.state,
    dealPhase: deal.phase,
    holdMode: deal.holdMode,
    heldFen: payment?.amountFen ?? null,
    capturedFen: payment?.capturedFen ?? null,
    settledPriceFen: deal.settledPriceFen,
    tierOnePriceFen: own[0]?.priceFen ?? 0,
    endsAt: deal.endsAt,
    progress: deal.progress,
    tiers: own,
    minQuantity: deal.minQuantity,
    maxQuantity: deal.maxQuantity,
    point: p
      ? {
          id: p.id,
          name: p.name,
          address: pointAddress(p),
          openingHours: p.openingHours,
          leaderName: p.leaderName,
          leaderMobile: p.leaderMobile,
        }
      : null,
    pickupCode: join.join.pickupCode,
    collectedAt: join.join.collectedAt ? join.join.collectedAt.toISOString() : null,
  };
}

/** A deal's absolute share link (for its QR code), or null for a malformed or unknown code. */
export async function dealShareLink({
  request,
  code,
}: {
  request: Request;
  code: string | undefined;
}): Promise<{ code: string; url: string } | null> {
  if (!code || !SHARE_CODE.test(code)) return null;
  const [row] = await db()
    .select({ code: groupbuyDeals.shareCode })
    .from(groupbuyDeals)
    .where(eq(groupbuyDeals.shareCode, code));
  return row ? { code: row.code, url: `${siteOrigin(request)}/g/${row.code}` } : null;
}
