import { and, eq, gt, inArray, ne } from "drizzle-orm";
import { presaleTerms } from "../../db/presale-schema";
import { offers, products, variants } from "../../db/schema";
import { invalidateCatalog } from "../catalog/cache.server";
import { poolLevel } from "../inventory/offer-pools.server";
import { db, type Tx } from "../lib/db.server";
import type { FieldErrors } from "../lib/field-errors";
import { createCappedOffer, resizePresaleOffer, setOfferTerms } from "../offers/offers.server";
import type { PresaleTermsInput } from "./schemas";

/*
 * A presale on one of the cooperative's packs: a `presale` offer (price, sales window, cap: the
 * expected yield) whose pool draws no stock, plus its `presale_terms`. Every call names the
 * cooperative the session acts for; another cooperative's pack or presale is not found.
 */

export type TermsOutcome =
  | { ok: true; offerId: string }
  | { ok: false; error: "not_found" }
  | { ok: false; error: "invalid"; errors: FieldErrors; committed?: number };

const E = (k: string) => `presale.admin.error.${k}`;

class Refused extends Error {
  constructor(readonly outcome: Exclude<TermsOutcome, { ok: true }>) {
    super("refused");
  }
}

async function refusing(run: () => Promise<TermsOutcome>): Promise<TermsOutcome> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Refused) return error.outcome;
    throw error;
  }
}

const termsRow = (t: PresaleTermsInput) => ({
  depositKind: t.depositKind,
  depositValue: t.depositValue,
  harvestFrom: t.harvestFrom,
  harvestTo: t.harvestTo,
  shortDefault: t.shortDefault,
  lapseDeposit: t.lapseDeposit,
  policyZh: t.policyZh,
  policyEn: t.policyEn,
  deadlineHours: t.deadlineHours,
});

/** A presale the pack already has that is still open (not ended, its window not over). */
async function openPresaleOf(tx: Tx, variantId: string, now: Date, except?: string) {
  const [row] = await tx
    .select({ id: offers.id })
    .from(offers)
    .where(
      and(
        eq(offers.variantId, variantId),
        eq(offers.kind, "presale"),
        inArray(offers.status, ["active", "paused"]),
        gt(offers.endsAt, now),
        except ? ne(offers.id, except) : undefined,
      ),
    )
    .limit(1);
  return row ?? null;
}

/** A new presale on one of the cooperative's packs; one open presale per pack at a time. */
export async function createPresale({
  cooperativeId,
  actor,
  input,
  now = new Date(),
}: {
  cooperativeId: string;
  actor: string;
  input: PresaleTermsInput & { variantId: string };
  now?: Date;
}): Promise<TermsOutcome> {
  const outcome = await refusing(() =>
    db().transaction(async (tx) => {
      // The pack's row, locked: two owners creating a presale on it at once take turns here.
      const [pack] = await tx
        .select({ id: variants.id, cooperativeId: products.cooperativeId })
        .from(variants)
        .innerJoin(products, eq(products.id, variants.productId))
        .where(eq(variants.id, input.variantId))
        .for("update", { of: variants });
      if (!pack || pack.cooperativeId !== cooperativeId)
        throw new Refused({ ok: false, error: "not_found" });
      if (await openPresaleOf(tx, pack.id, now))
        throw new Refused({ ok: false, error: "invalid", errors: { variantId: E("alreadyOpen") } });
      const created = await createCappedOffer({
        variantId: pack.id,
        kind: "presale",
        priceFen: input.priceFen,
        cap: input.cap,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        actor,
        tx,
      });
      if (!created.ok) throw new Error(`presale offer not created: ${created.error}`);
      await tx.insert(presaleTerms).values({
        offerId: created.offer.id,
        cooperativeId,
        variantId: pack.id,
        createdBy: actor,
        ...termsRow(input),
      });
      return { ok: true as const, offerId: created.offer.id };
    }),
  );
  if (outcome.ok) invalidateCatalog();
  return outcome;
}

/**
 * New terms for one of the cooperative's presales. The cap may drop only down to what is already
 * held and sold (`committed`); an ended presale is not edited. All or nothing.
 */
export async function updatePresale({
  cooperativeId,
  offerId,
  actor,
  input,
  now = new Date(),
}: {
  cooperativeId: string;
  offerId: string;
  actor: string;
  input: PresaleTermsInput;
  now?: Date;
}): Promise<TermsOutcome> {
  const outcome = await refusing(() =>
    db().transaction(async (tx) => {
      // The pack's row first (as a create locks it), then the offer's.
      const [pack] = await tx
        .select({ id: presaleTerms.variantId })
        .from(presaleTerms)
        .where(
          and(eq(presaleTerms.offerId, offerId), eq(presaleTerms.cooperativeId, cooperativeId)),
        );
      if (!pack) throw new Refused({ ok: false, error: "not_found" });
      await tx
        .select({ id: variants.id })
        .from(variants)
        .where(eq(variants.id, pack.id))
        .for("update");
      const [row] = await tx
        .select({ status: offers.status, cap: offers.cap })
        .from(offers)
        .where(eq(offers.id, offerId))
        .for("update");
      if (!row) throw new Refused({ ok: false, error: "not_found" });
      if (row.status === "ended")
        throw new Refused({ ok: false, error: "invalid", errors: { form: E("ended") } });
      // Reopening a closed window must not make a second open presale on the pack.
      if (input.endsAt > now && (await openPresaleOf(tx, pack.id, now, offerId)))
        throw new Refused({ ok: false, error: "invalid", errors: { endsAt: E("alreadyOpen") } });
      if (row.cap !== input.cap) {
        const resized = await resizePresaleOffer({ offerId, cap: input.cap, actor, tx });
        if (!resized.ok)
          throw new Refused(
            resized.error === "below_committed"
              ? {
                  ok: false,
                  error: "invalid",
                  errors: { cap: E("capBelowSold") },
                  committed: resized.committed,
                }
              : { ok: false, error: "invalid", errors: { form: E("ended") } },
          );
      }
      const set = await setOfferTerms({
        offerId,
        priceFen: input.priceFen,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        tx,
      });
      if (!set) throw new Refused({ ok: false, error: "invalid", errors: { form: E("ended") } });
      await tx
        .update(presaleTerms)
        .set({ ...termsRow(input), updatedAt: new Date() })
        .where(eq(presaleTerms.offerId, offerId));
      return { ok: true as const, offerId };
    }),
  );
  if (outcome.ok) invalidateCatalog();
  return outcome;
}

/** One of the cooperative's presales with its terms and pool, for the edit form; null otherwise. */
export async function presaleForEdit({
  cooperativeId,
  offerId,
}: {
  cooperativeId: string;
  offerId: string;
}) {
  const [row] = await db()
    .select({
      offer: offers,
      terms: presaleTerms,
      productNameZh: products.nameZh,
      productNameEn: products.nameEn,
      labelZh: variants.labelZh,
      labelEn: variants.labelEn,
    })
    .from(presaleTerms)
    .innerJoin(offers, eq(offers.id, presaleTerms.offerId))
    .innerJoin(variants, eq(variants.id, presaleTerms.variantId))
    .innerJoin(products, eq(products.id, variants.productId))
    .where(and(eq(presaleTerms.offerId, offerId), eq(presaleTerms.cooperativeId, cooperativeId)));
  if (!row) return null;
  const pool = await poolLevel({ offerId });
  return { ...row, pool };
}

/** The cooperative's packs a presale may be opened on (active products and packs). */
export async function presalePacks({ cooperativeId }: { cooperativeId: string }) {
  return db()
    .select({
      id: variants.id,
      labelZh: variants.labelZh,
      labelEn: variants.labelEn,
      priceFen: variants.priceFen,
      productNameZh: products.nameZh,
      productNameEn: products.nameEn,
    })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
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
