import { and, eq, gt, inArray, isNull, or } from "drizzle-orm";
import type { Database } from "../../app/lib/db.server";
import { approveHost } from "../../app/live/approvals.server";
import { LiveError } from "../../app/live/live-error";
import { createSale, createSession } from "../../app/live/sales.server";
import { users } from "../../db/auth-schema";
import { flashSales } from "../../db/live-schema";
import { cooperatives, offers, products, variants } from "../../db/schema";

/*
 * The demo host's flash sales: one live whenever the store starts, one starting soon. The seed
 * runs once, on an empty database, so start-up (SEED_ON_START) calls this again: a sale whose
 * window has passed is closed for good (its pool went back to stock, its claims and orders are
 * history), so rather than move its window, start-up opens a fresh one, from the same pack's stock.
 */

export const DEMO_HOST_EMAIL = "host@harvest.example";
const MINUTE = 60_000;

const DEMO_SALES = {
  live: {
    sku: "XF-NAVEL-5",
    priceFen: 4990,
    quantity: 30,
    perShopperLimit: 2,
    startsIn: -MINUTE,
    lasts: 3 * 60 * MINUTE,
  },
  soon: {
    sku: "XF-NAVEL-2.5",
    priceFen: 2490,
    quantity: 50,
    perShopperLimit: 3,
    startsIn: 30 * MINUTE,
    lasts: 60 * MINUTE,
  },
} as const;

export async function seedDemoLiveSales({
  db,
  log = () => {},
  now = new Date(),
}: {
  db: Database;
  log?: (line: string) => void;
  now?: Date;
}): Promise<{ created: string[] }> {
  const [host] = await db.select().from(users).where(eq(users.email, DEMO_HOST_EMAIL));
  if (!host) return { created: [] };
  const packs = await db
    .select({
      sku: variants.sku,
      variantId: variants.id,
      productId: products.id,
      cooperativeId: cooperatives.id,
    })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .innerJoin(cooperatives, eq(cooperatives.id, products.cooperativeId))
    .where(inArray(variants.sku, [DEMO_SALES.live.sku, DEMO_SALES.soon.sku]));
  if (packs.length < 2) return { created: [] };
  // The cooperative's owner approves the host for the product (again is harmless: an upsert).
  for (const productId of new Set(packs.map((p) => p.productId))) {
    const pack = packs.find((p) => p.productId === productId)!;
    await approveHost({
      cooperativeId: pack.cooperativeId,
      hostEmail: DEMO_HOST_EMAIL,
      productId,
      commissionBps: 800,
      actor: "seed",
    });
  }

  const open = await db
    .select({ startsAt: offers.startsAt })
    .from(flashSales)
    .innerJoin(offers, eq(offers.id, flashSales.offerId))
    .where(
      and(
        eq(flashSales.hostUserId, host.id),
        eq(flashSales.status, "running"),
        isNull(flashSales.closedAt),
        or(isNull(offers.endsAt), gt(offers.endsAt, now)),
      ),
    );
  const hasLive = open.some((s) => !s.startsAt || s.startsAt <= now);
  const hasSoon = open.some((s) => s.startsAt && s.startsAt > now);
  const wanted = [...(hasLive ? [] : (["live"] as const)), ...(hasSoon ? [] : (["soon"] as const))];
  if (!wanted.length) return { created: [] };

  const { sessionId } = await createSession({
    hostUserId: host.id,
    title: "赣南脐橙产地直播 · 果园现摘",
    platform: "douyin",
    scheduledAt: now,
  });
  const created: string[] = [];
  for (const which of wanted) {
    const s = DEMO_SALES[which];
    const pack = packs.find((p) => p.sku === s.sku)!;
    const startsAt = new Date(now.getTime() + s.startsIn);
    try {
      const { code } = await createSale({
        hostUserId: host.id,
        sessionId,
        variantId: pack.variantId,
        priceFen: s.priceFen,
        quantity: s.quantity,
        perShopperLimit: s.perShopperLimit,
        holdSeconds: 300,
        timing: { kind: "fixed", startsAt, endsAt: new Date(startsAt.getTime() + s.lasts) },
      });
      created.push(code);
      log(`demo flash sale (${which}): /l/${code}`);
    } catch (error) {
      // The pack ran out after many restarts: the store starts anyway, without this sale.
      if (error instanceof LiveError) log(`demo flash sale (${which}) skipped: ${error.message}`);
      else throw error;
    }
  }
  return { created };
}
