import { and, asc, eq, sql } from "drizzle-orm";
import { resolveRegion } from "../lib/regions.server";
import { streetLine } from "./cooperative-address";
import { cooperatives } from "../../db/schema";
import type { SessionUser } from "../auth/session.server";
import { db } from "../lib/db.server";
import type { ProfileInput } from "./admin-schemas";
import { invalidateCatalog } from "./cache.server";

/** Cooperatives the switcher offers: the user's own, or every one for a platform admin. */
export async function switchableCooperatives({ user }: { user: SessionUser }) {
  if (user.role !== "admin") {
    return user.memberships.map((m) => ({
      id: m.cooperativeId,
      nameZh: m.cooperativeNameZh,
      nameEn: m.cooperativeNameEn,
    }));
  }
  return db()
    .select({ id: cooperatives.id, nameZh: cooperatives.nameZh, nameEn: cooperatives.nameEn })
    .from(cooperatives)
    .orderBy(asc(cooperatives.nameEn))
    .limit(500);
}

export async function cooperativeExists({
  cooperativeId,
}: {
  cooperativeId: string;
}): Promise<boolean> {
  const [row] = await db()
    .select({ id: cooperatives.id })
    .from(cooperatives)
    .where(eq(cooperatives.id, cooperativeId));
  return Boolean(row);
}

export async function getCooperativeProfile({ cooperativeId }: { cooperativeId: string }) {
  const [row] = await db().select().from(cooperatives).where(eq(cooperatives.id, cooperativeId));
  return row ?? null;
}

export async function updateCooperativeProfile({
  cooperativeId,
  profile,
}: {
  cooperativeId: string;
  profile: ProfileInput;
}): Promise<{ ok: true } | { ok: false; errors: Record<string, string> }> {
  const { cityCode, districtCode, ...rest } = profile;
  const region = resolveRegion({ province: profile.provinceCode, cityCode, districtCode });
  if (!region)
    return {
      ok: false,
      errors: cityCode.startsWith(profile.provinceCode)
        ? { districtCode: "error.region" }
        : { cityCode: "error.region" },
    };
  // The place the storefront shows and labels print, from the picked names: 赣州市信丰县, 北京市朝阳区.
  const cityZh = region.district === region.city ? region.city : `${region.city}${region.district}`;
  await db()
    .update(cooperatives)
    .set({
      ...rest,
      cityCode,
      districtCode,
      cityZh,
      // A street line that still repeats the place would print it twice.
      addressZh: streetLine(profile.addressZh, {
        provinceCode: profile.provinceCode,
        place: [cityZh, region.city, region.district],
      }),
      updatedAt: new Date(),
    })
    .where(eq(cooperatives.id, cooperativeId));
  invalidateCatalog();
  return { ok: true };
}

/** Sets (or, with null, removes) the cooperative's free-shipping threshold; quotes use it at once. */
export async function setFreeShippingThreshold({
  cooperativeId,
  minFen,
}: {
  cooperativeId: string;
  minFen: number | null;
}) {
  // Saving what is already set writes nothing (not even the row's updated time).
  const changed = await db()
    .update(cooperatives)
    .set({ freeShippingMinFen: minFen, updatedAt: new Date() })
    .where(
      and(
        eq(cooperatives.id, cooperativeId),
        sql`${cooperatives.freeShippingMinFen} is distinct from ${minFen}::integer`,
      ),
    )
    .returning({ id: cooperatives.id });
  if (changed.length) invalidateCatalog();
}
