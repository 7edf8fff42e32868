import { createProduct } from "./catalog";
import { createUser } from "./users";
import { adjustStock } from "~/inventory/stock.server";
import { approveHost } from "~/live/approvals.server";
import { createSale, createSession, type SaleTiming } from "~/live/sales.server";

/**
 * A host approved for a product with `stock` units, a session, and a flash sale of `quantity` of
 * them at `priceFen`, live now for an hour unless `timing` says otherwise.
 */
export async function liveSale({
  stock = 2_000,
  quantity = 1_000,
  priceFen = 990,
  standardFen = 1_990,
  perShopperLimit = null,
  holdSeconds = 300,
  timing,
}: {
  stock?: number;
  quantity?: number;
  priceFen?: number;
  standardFen?: number;
  perShopperLimit?: number | null;
  holdSeconds?: number;
  timing?: SaleTiming;
} = {}) {
  const { product, variants } = await createProduct({
    variants: [{ stock: 0, priceFen: standardFen }],
  });
  const variantId = variants[0]!.id;
  if (stock) await adjustStock({ variantId, delta: stock, reason: "opening", actor: "test" });
  const host = await createUser({ role: "host" });
  await approveHost({
    cooperativeId: product.cooperativeId,
    hostEmail: host.email,
    productId: product.id,
    commissionBps: 500,
    actor: "owner",
  });
  const { sessionId } = await createSession({
    hostUserId: host.id,
    title: "晚间直播",
    platform: "douyin",
    scheduledAt: new Date(),
  });
  const now = Date.now();
  const sale = await createSale({
    hostUserId: host.id,
    sessionId,
    variantId,
    priceFen,
    quantity,
    perShopperLimit,
    holdSeconds,
    timing: timing ?? {
      kind: "fixed",
      startsAt: new Date(now - 1_000),
      endsAt: new Date(now + 60 * 60_000),
    },
  });
  return { ...sale, sessionId, variantId, productId: product.id, host, stock, quantity };
}
