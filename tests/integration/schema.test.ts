import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { inventoryLevels, products, variants } from "../../db/schema";
import { db } from "~/lib/db.server";
import { createProduct } from "../factories/catalog";
import { withTestDatabase } from "../setup/test-db";

withTestDatabase();

/** The constraint a failed statement broke (drizzle wraps the driver's error in `cause`). */
async function violated(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    const cause = (error as { cause?: { constraint?: string } }).cause;
    return cause?.constraint ?? String(error);
  }
  return undefined;
}

describe("schema constraints, the last line of defence", () => {
  it("never lets stock go negative", async () => {
    const {
      variants: [v],
    } = await createProduct({ variants: [{ stock: 2 }] });
    const constraint = await violated(
      db()
        .update(inventoryLevels)
        .set({ available: sql`${inventoryLevels.available} - 3` })
        .where(eq(inventoryLevels.variantId, v!.id)),
    );
    expect(constraint).toBe("inventory_available_nonnegative");
    const [row] = await db()
      .select()
      .from(inventoryLevels)
      .where(eq(inventoryLevels.variantId, v!.id));
    expect(row!.available).toBe(2);
  });

  it("refuses impossible catalog values", async () => {
    const {
      product,
      variants: [v],
    } = await createProduct();
    expect(
      await violated(
        db()
          .update(products)
          .set({ seasonMonths: [13] })
          .where(eq(products.id, product.id)),
      ),
    ).toBe("products_season_months");
    expect(
      await violated(db().update(variants).set({ priceFen: -1 }).where(eq(variants.id, v!.id))),
    ).toBe("variants_price");
    expect(
      await violated(db().update(variants).set({ compareAtFen: 1 }).where(eq(variants.id, v!.id))),
    ).toBe("variants_compare_at");
    expect(
      await violated(
        db().update(variants).set({ shippingWeightG: 1 }).where(eq(variants.id, v!.id)),
      ),
    ).toBe("variants_weights");
  });

  it("gives each test its own empty database", async () => {
    const rows = await db().select().from(products);
    expect(rows).toEqual([]);
  });
});
