import { harvestBatches, cooperatives, inventoryLevels, products, variants } from "../../db/schema";
import { currentCooperativeCookie } from "~/auth/cooperative-context.server";
import { db } from "~/lib/db.server";
import { newId } from "~/lib/ids";
import * as bulkRoute from "~/routes/admin.products.bulk";
import { createCooperative, createProduct } from "./catalog";
import { signedInUser } from "./users";

/**
 * Two cooperatives, A and B, each with a product, two packs and a harvest batch, and an owner
 * of A who is signed in. Access tests aim A's owner at B's ids.
 */
export async function twoCooperatives() {
  const coopA = await createCooperative({ nameZh: "甲合作社", nameEn: "Cooperative A" });
  const coopB = await createCooperative({ nameZh: "乙合作社", nameEn: "Cooperative B" });
  const a = await createProduct({
    cooperativeId: coopA.id,
    variants: [{ stock: 5 }, { stock: 0 }],
  });
  const b = await createProduct({
    cooperativeId: coopB.id,
    variants: [{ stock: 7 }, { stock: 3 }],
  });
  const batch = async (productId: string) => {
    const [row] = await db()
      .insert(harvestBatches)
      .values({
        id: newId("hb"),
        productId,
        expectedDate: "2026-12-20",
        expectedQuantityG: 500_000,
      })
      .returning();
    return row!;
  };
  const batchA = await batch(a.product.id);
  const batchB = await batch(b.product.id);
  const owner = await signedInUser({
    memberOf: [{ cooperativeId: a.cooperativeId, role: "owner" }],
  });
  return { a: { ...a, batch: batchA }, b: { ...b, batch: batchB }, owner };
}

/** The Cookie header that asks the admin to work on `cooperativeId`, added to a session cookie. */
export async function withChosenCooperative(
  sessionCookie: string,
  cooperativeId: string,
): Promise<string> {
  const chosen = (await currentCooperativeCookie.serialize(cooperativeId)).split(";")[0]!;
  return `${sessionCookie}; ${chosen}`;
}

/** Every catalog row an admin action could touch, to show that a refused request changed nothing. */
export async function catalogSnapshot(): Promise<string> {
  const [c, p, v, i, h] = await Promise.all([
    db().select().from(cooperatives).orderBy(cooperatives.id),
    db().select().from(products).orderBy(products.id),
    db().select().from(variants).orderBy(variants.id),
    db().select().from(inventoryLevels).orderBy(inventoryLevels.variantId),
    db().select().from(harvestBatches).orderBy(harvestBatches.id),
  ]);
  return JSON.stringify({ c, p, v, i, h });
}

export type BulkRow = {
  id: string;
  price: string;
  compareAt: string;
  available: string;
  expected: string;
};

/** Posts the bulk edit form for `rows` (each row repeats `variantId`, which callRoute's flat record cannot express). */
export async function bulkSave(cookie: string, rows: BulkRow[]) {
  const body = new URLSearchParams({ intent: "save" });
  for (const r of rows) {
    body.append("variantId", r.id);
    body.append(`price.${r.id}`, r.price);
    body.append(`compareAt.${r.id}`, r.compareAt);
    body.append(`available.${r.id}`, r.available);
    body.append(`expected.${r.id}`, r.expected);
  }
  const request = new Request("http://localhost/admin/products/bulk", {
    method: "POST",
    body,
    headers: { Cookie: cookie },
  });
  const value = (await bulkRoute.action({ request, params: {}, context: {} })) as {
    data: Record<string, unknown>;
    init?: { status?: number };
  };
  return {
    status: value.init?.status ?? 200,
    data: value.data as { errors?: Record<string, Record<string, { key: string }>> } & Record<
      string,
      unknown
    >,
  };
}
