import { cooperatives, inventoryLevels, products, variants } from "../../db/schema";
import { db } from "~/lib/db.server";
import { newId } from "~/lib/ids";

let n = 0;
const unique = () => `${Date.now().toString(36)}${(n++).toString(36)}`;

export async function createCooperative(overrides: Partial<typeof cooperatives.$inferInsert> = {}) {
  const id = newId("coop");
  const slug = overrides.slug ?? `coop-${unique()}`;
  const [row] = await db()
    .insert(cooperatives)
    .values({
      id,
      slug,
      nameZh: "测试合作社",
      nameEn: "Test Cooperative",
      provinceCode: "36",
      cityZh: "赣州市",
      cityEn: "Ganzhou",
      addressZh: "江西省赣州市",
      addressEn: "Ganzhou, Jiangxi",
      contactName: "张三",
      contactPhone: "13800000000",
      contactEmail: "test@example.com",
      ...overrides,
    })
    .returning();
  return row!;
}

export interface VariantSpec {
  priceFen?: number;
  netWeightG?: number;
  stock?: number;
  status?: "active" | "archived";
  compareAtFen?: number;
}

export async function createProduct({
  cooperativeId,
  variants: specs = [{}],
  ...overrides
}: Partial<typeof products.$inferInsert> & {
  cooperativeId?: string;
  variants?: VariantSpec[];
} = {}) {
  const coopId = cooperativeId ?? (await createCooperative()).id;
  const id = newId("prd");
  const [product] = await db()
    .insert(products)
    .values({
      id,
      cooperativeId: coopId,
      slug: `product-${unique()}`,
      nameZh: "测试脐橙",
      nameEn: "Test oranges",
      descriptionZh: "好吃的橙子",
      descriptionEn: "Tasty oranges",
      category: "fruit",
      seasonMonths: [11, 12],
      storageClass: "ambient",
      shelfLifeDays: 30,
      ...overrides,
    })
    .returning();
  const created = [];
  for (const [position, spec] of specs.entries()) {
    const variantId = newId("var");
    const [v] = await db()
      .insert(variants)
      .values({
        id: variantId,
        productId: id,
        sku: `SKU-${unique()}`,
        labelZh: `${position + 1} 号规格`,
        labelEn: `Pack ${position + 1}`,
        netWeightG: spec.netWeightG ?? 5000,
        shippingWeightG: (spec.netWeightG ?? 5000) + 500,
        lengthMm: 400,
        widthMm: 300,
        heightMm: 200,
        priceFen: spec.priceFen ?? 6990,
        compareAtFen: spec.compareAtFen,
        status: spec.status ?? "active",
        position,
      })
      .returning();
    await db()
      .insert(inventoryLevels)
      .values({ variantId, available: spec.stock ?? 100 });
    created.push(v!);
  }
  return { product: product!, variants: created, cooperativeId: coopId };
}
