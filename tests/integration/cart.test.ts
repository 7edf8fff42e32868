import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { cartLines, inventoryLevels, products, variants } from "../../db/schema";
import { db } from "~/lib/db.server";
import { addToCart, getCart, removeCartLine, setCartLineQuantity } from "~/orders/cart.server";
import { createCooperative, createProduct } from "../factories/catalog";
import { withTestDatabase } from "../setup/test-db";

withTestDatabase();

async function lines(cartId: string) {
  return db().select().from(cartLines).where(eq(cartLines.cartId, cartId));
}

describe("cart", () => {
  it("creates a cart on first add and adds to the same line after", async () => {
    const {
      variants: [v],
    } = await createProduct({ variants: [{ stock: 10, priceFen: 3990 }] });
    const first = await addToCart({ cartId: null, variantId: v!.id, quantity: 2 });
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const second = await addToCart({ cartId: first.cartId, variantId: v!.id, quantity: 3 });
    expect(second).toEqual({ ok: true, cartId: first.cartId });
    expect((await lines(first.cartId)).map((l) => l.quantity)).toEqual([5]);
  });

  it("refuses more than the stock left, saying how many can still be added, and changes nothing", async () => {
    const {
      variants: [v],
    } = await createProduct({ variants: [{ stock: 5 }] });
    const first = await addToCart({ cartId: null, variantId: v!.id, quantity: 3 });
    if (!first.ok) throw new Error("expected ok");
    const refused = await addToCart({ cartId: first.cartId, variantId: v!.id, quantity: 3 });
    expect(refused).toEqual({ ok: false, error: "above_stock", remaining: 2 });
    expect((await lines(first.cartId)).map((l) => l.quantity)).toEqual([3]);
  });

  it("holds at most 100 different packs (what one shipment plan takes), even when two adds race for the last place", async () => {
    const { variants: vs } = await createProduct({
      variants: Array.from({ length: 102 }, () => ({ stock: 5 })),
    });
    const first = await addToCart({ cartId: null, variantId: vs[0]!.id, quantity: 1 });
    if (!first.ok) throw new Error("expected ok");
    for (const v of vs.slice(1, 99))
      expect((await addToCart({ cartId: first.cartId, variantId: v.id, quantity: 1 })).ok).toBe(
        true,
      );
    const racing = await Promise.all(
      vs
        .slice(99, 101)
        .map((v) => addToCart({ cartId: first.cartId, variantId: v.id, quantity: 1 })),
    );
    expect(racing.filter((r) => r.ok)).toHaveLength(1);
    expect(racing.filter((r) => !r.ok)).toEqual([{ ok: false, error: "cart_full", max: 100 }]);
    expect(await lines(first.cartId)).toHaveLength(100);
    expect(await addToCart({ cartId: first.cartId, variantId: vs[101]!.id, quantity: 1 })).toEqual({
      ok: false,
      error: "cart_full",
      max: 100,
    });
    // More of a pack already in the cart is no new place.
    expect((await addToCart({ cartId: first.cartId, variantId: vs[0]!.id, quantity: 1 })).ok).toBe(
      true,
    );
    expect(await lines(first.cartId)).toHaveLength(100);
  });

  it("refuses sold-out and archived packs, and archived products", async () => {
    const {
      variants: [soldOut, archived, fine],
      product,
    } = await createProduct({
      variants: [{ stock: 0 }, { stock: 5, status: "archived" }, { stock: 5 }],
    });
    expect(await addToCart({ cartId: null, variantId: soldOut!.id, quantity: 1 })).toEqual({
      ok: false,
      error: "sold_out",
    });
    expect(await addToCart({ cartId: null, variantId: archived!.id, quantity: 1 })).toEqual({
      ok: false,
      error: "variant",
    });
    expect(
      await addToCart({ cartId: null, variantId: "var_doesnotexist1234", quantity: 1 }),
    ).toEqual({ ok: false, error: "variant" });
    await db().update(products).set({ status: "archived" }).where(eq(products.id, product.id));
    expect(await addToCart({ cartId: null, variantId: fine!.id, quantity: 1 })).toEqual({
      ok: false,
      error: "variant",
    });
  });

  it("starts a new cart when the remembered one no longer exists", async () => {
    const {
      variants: [v],
    } = await createProduct();
    const result = await addToCart({
      cartId: "crt_AAAAAAAAAAAAAAAA",
      variantId: v!.id,
      quantity: 1,
    });
    expect(result.ok && result.cartId).toMatch(/^crt_/);
    expect(result.ok && result.cartId).not.toBe("crt_AAAAAAAAAAAAAAAA");
  });

  it("groups lines by cooperative with exact totals", async () => {
    const orchard = await createCooperative({ slug: "orchard", nameEn: "Orchard" });
    const vineyard = await createCooperative({
      slug: "vineyard",
      nameEn: "Vineyard",
      provinceCode: "43",
    });
    const oranges = await createProduct({
      cooperativeId: orchard.id,
      variants: [{ priceFen: 3990, netWeightG: 2500 }],
    });
    const grapes = await createProduct({
      cooperativeId: vineyard.id,
      storageClass: "chilled",
      variants: [{ priceFen: 5900, netWeightG: 2000 }],
    });
    const a = await addToCart({ cartId: null, variantId: oranges.variants[0]!.id, quantity: 2 });
    if (!a.ok) throw new Error("expected ok");
    await addToCart({ cartId: a.cartId, variantId: grapes.variants[0]!.id, quantity: 1 });

    const cart = await getCart({ cartId: a.cartId, locale: "en" });
    expect(cart.groups.map((g) => [g.cooperative.name, g.subtotalFen])).toEqual([
      ["Orchard", 7980],
      ["Vineyard", 5900],
    ]);
    expect(cart.subtotalFen).toBe(13880);
    expect(cart.itemCount).toBe(3);
    expect(cart.netWeightG).toBe(7000);
    expect(cart.groups[1]!.lines[0]!.storageClass).toBe("chilled");
    expect(cart.canCheckout).toBe(true);
  });

  it("updates and removes lines, refusing quantities above stock", async () => {
    const {
      variants: [v],
    } = await createProduct({ variants: [{ stock: 4 }] });
    const a = await addToCart({ cartId: null, variantId: v!.id, quantity: 1 });
    if (!a.ok) throw new Error("expected ok");
    expect(await setCartLineQuantity({ cartId: a.cartId, variantId: v!.id, quantity: 4 })).toEqual({
      ok: true,
      cartId: a.cartId,
    });
    expect(await setCartLineQuantity({ cartId: a.cartId, variantId: v!.id, quantity: 5 })).toEqual({
      ok: false,
      error: "above_stock",
      remaining: 4,
    });
    expect((await lines(a.cartId))[0]!.quantity).toBe(4);
    await removeCartLine({ cartId: a.cartId, variantId: v!.id });
    expect(await lines(a.cartId)).toEqual([]);
  });

  it("flags lines whose stock fell below the quantity so checkout cannot start", async () => {
    const {
      variants: [v],
    } = await createProduct({ variants: [{ stock: 4 }] });
    const a = await addToCart({ cartId: null, variantId: v!.id, quantity: 3 });
    if (!a.ok) throw new Error("expected ok");
    await db()
      .update(inventoryLevels)
      .set({ available: 2 })
      .where(eq(inventoryLevels.variantId, v!.id));
    const cart = await getCart({ cartId: a.cartId, locale: "zh" });
    expect(cart.groups[0]!.lines[0]!.available).toBe(2);
    expect(cart.canCheckout).toBe(false);
    await db().update(variants).set({ status: "archived" }).where(eq(variants.id, v!.id));
    expect((await getCart({ cartId: a.cartId, locale: "zh" })).groups[0]!.lines[0]!.sellable).toBe(
      false,
    );
  });
});
