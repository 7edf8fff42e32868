import { and, asc, count, eq, inArray, isNull } from "drizzle-orm";
import { users } from "../../db/auth-schema";
import { groupbuyDealPoints, groupbuyJoins, pickupPoints } from "../../db/groupbuy-schema";
import { orders } from "../../db/orders-schema";
import { db } from "../lib/db.server";
import type { FieldErrors } from "../lib/field-errors";
import { newId } from "../lib/ids";
import { citiesOf, resolveRegion } from "../lib/regions.server";
import type { PointInput } from "./schemas";

/*
 * A cooperative's pickup points and their leaders. The leader is an account found by its email
 * (any role: a shop owner down the street, a shopper who volunteers); whoever leads an active
 * point may open /leader. Another cooperative's point is not found.
 */

export type PointOutcome =
  | { ok: true; pointId: string }
  | { ok: false; error: "not_found" }
  | { ok: false; error: "invalid"; errors: FieldErrors };

const E = (k: string) => `groupbuy.admin.error.${k}`;

/** The leader's account and the region's codes checked; the row to write, or the errors by field. */
async function resolvePoint(
  input: PointInput,
): Promise<
  | { ok: true; row: Omit<typeof pickupPoints.$inferInsert, "id" | "cooperativeId"> }
  | { ok: false; errors: FieldErrors }
> {
  const errors: FieldErrors = {};
  const region = resolveRegion({
    province: input.provinceCode,
    cityCode: input.cityCode,
    districtCode: input.districtCode,
  });
  if (!region) {
    const cityFits = citiesOf(input.provinceCode).some((c) => c.code === input.cityCode);
    errors[cityFits ? "districtCode" : "cityCode"] = E(cityFits ? "district" : "city");
  }
  const [leader] = await db()
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, input.leaderEmail));
  if (!leader) errors.leaderEmail = E("leaderUnknown");
  if (!leader || Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    row: {
      name: input.name,
      provinceCode: input.provinceCode,
      cityCode: input.cityCode,
      districtCode: input.districtCode,
      addressLine: input.addressLine,
      openingHours: input.openingHours,
      leaderUserId: leader.id,
      leaderName: input.leaderName,
      leaderMobile: input.leaderMobile,
      commissionBps: input.commissionBps,
      active: input.active,
    },
  };
}

export async function createPoint({
  cooperativeId,
  input,
}: {
  cooperativeId: string;
  input: PointInput;
}): Promise<PointOutcome> {
  const resolved = await resolvePoint(input);
  if (!resolved.ok) return { ok: false, error: "invalid", errors: resolved.errors };
  const id = newId("pkp");
  await db()
    .insert(pickupPoints)
    .values({ id, cooperativeId, ...resolved.row });
  return { ok: true, pointId: id };
}

export async function updatePoint({
  cooperativeId,
  pointId,
  input,
}: {
  cooperativeId: string;
  pointId: string;
  input: PointInput;
}): Promise<PointOutcome> {
  const resolved = await resolvePoint(input);
  if (!resolved.ok) return { ok: false, error: "invalid", errors: resolved.errors };
  // Orders waiting at the point are the leader's to hand out at the rate they were sold under.
  const [current] = await db()
    .select()
    .from(pickupPoints)
    .where(and(eq(pickupPoints.id, pointId), eq(pickupPoints.cooperativeId, cooperativeId)));
  if (!current) return { ok: false, error: "not_found" };
  const r = resolved.row;
  const changes = {
    leaderEmail: r.leaderUserId !== current.leaderUserId,
    commissionBps: r.commissionBps !== current.commissionBps,
    active: r.active === false && current.active,
  };
  if (Object.values(changes).some(Boolean)) {
    const [waiting] = await db()
      .select({ n: count() })
      .from(groupbuyJoins)
      .innerJoin(orders, eq(orders.id, groupbuyJoins.orderId))
      .where(
        and(
          eq(groupbuyJoins.pickupPointId, pointId),
          eq(groupbuyJoins.state, "captured"),
          isNull(groupbuyJoins.collectedAt),
          inArray(orders.status, ["paid", "fulfilling", "shipped"]),
        ),
      );
    if (waiting && waiting.n > 0) {
      const errors: FieldErrors = {};
      for (const [field, changed] of Object.entries(changes))
        if (changed) errors[field] = E("pointBusy");
      return { ok: false, error: "invalid", errors };
    }
  }
  const rows = await db()
    .update(pickupPoints)
    .set({ ...resolved.row, updatedAt: new Date() })
    .where(and(eq(pickupPoints.id, pointId), eq(pickupPoints.cooperativeId, cooperativeId)))
    .returning({ id: pickupPoints.id });
  return rows.length ? { ok: true, pointId } : { ok: false, error: "not_found" };
}

/**
 * Deletes a point no deal ever offered; one that a deal offers (or offered) is kept for its
 * joins' sake: deactivate it instead, and new deals no longer list it.
 */
export async function deletePoint({
  cooperativeId,
  pointId,
}: {
  cooperativeId: string;
  pointId: string;
}): Promise<PointOutcome> {
  return db().transaction(async (tx) => {
    const [point] = await tx
      .select({ id: pickupPoints.id })
      .from(pickupPoints)
      .where(and(eq(pickupPoints.id, pointId), eq(pickupPoints.cooperativeId, cooperativeId)))
      .for("update");
    if (!point) return { ok: false as const, error: "not_found" as const };
    const [used] = await tx
      .select({ n: count() })
      .from(groupbuyDealPoints)
      .where(eq(groupbuyDealPoints.pickupPointId, pointId));
    if ((used?.n ?? 0) > 0)
      return { ok: false as const, error: "invalid" as const, errors: { form: E("pointUsed") } };
    await tx.delete(pickupPoints).where(eq(pickupPoints.id, pointId));
    return { ok: true as const, pointId };
  });
}

const pointColumns = {
  id: pickupPoints.id,
  name: pickupPoints.name,
  provinceCode: pickupPoints.provinceCode,
  cityCode: pickupPoints.cityCode,
  districtCode: pickupPoints.districtCode,
  addressLine: pickupPoints.addressLine,
  openingHours: pickupPoints.openingHours,
  leaderUserId: pickupPoints.leaderUserId,
  leaderEmail: users.email,
  leaderName: pickupPoints.leaderName,
  leaderMobile: pickupPoints.leaderMobile,
  commissionBps: pickupPoints.commissionBps,
  active: pickupPoints.active,
};

/** The cooperative's pickup points, active first, by name. */
export async function listPoints({ cooperativeId }: { cooperativeId: string }) {
  const rows = await db()
    .select(pointColumns)
    .from(pickupPoints)
    .innerJoin(users, eq(users.id, pickupPoints.leaderUserId))
    .where(eq(pickupPoints.cooperativeId, cooperativeId))
    .orderBy(asc(pickupPoints.name), asc(pickupPoints.id))
    .limit(500);
  return rows
    .map((r) => ({ ...r, region: regionText(r) }))
    .sort((a, b) => Number(b.active) - Number(a.active));
}

/** One of the cooperative's points; null otherwise. */
export async function pointForEdit({
  cooperativeId,
  pointId,
}: {
  cooperativeId: string;
  pointId: string;
}) {
  const [row] = await db()
    .select(pointColumns)
    .from(pickupPoints)
    .innerJoin(users, eq(users.id, pickupPoints.leaderUserId))
    .where(and(eq(pickupPoints.id, pointId), eq(pickupPoints.cooperativeId, cooperativeId)));
  return row ? { ...row, region: regionText(row) } : null;
}

/** 赣州市信丰县, as the point's city and district are written (names are Chinese, as addresses are). */
function regionText(p: { provinceCode: string; cityCode: string; districtCode: string }): string {
  const names = resolveRegion({
    province: p.provinceCode,
    cityCode: p.cityCode,
    districtCode: p.districtCode,
  });
  if (!names) return "";
  return names.district === names.city ? names.city : `${names.city}${names.district}`;
}
