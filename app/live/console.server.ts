import { and, count, desc, eq } from "drizzle-orm";
import { users } from "../../db/auth-schema";
import { flashSales, liveSessions } from "../../db/live-schema";
import { offers, products, variants } from "../../db/schema";
import { db } from "../lib/db.server";
import { salePhase } from "./sales.server";

/* What the host console and the cooperative's live page list (the engine's writes are in sales.server.ts). */

/** The host's sessions, latest first, each with how many sales it has. */
export function hostSessionList(hostUserId: string) {
  return db()
    .select({
      id: liveSessions.id,
      title: liveSessions.title,
      platform: liveSessions.platform,
      scheduledAt: liveSessions.scheduledAt,
      sales: count(flashSales.id),
    })
    .from(liveSessions)
    .leftJoin(flashSales, eq(flashSales.sessionId, liveSessions.id))
    .where(eq(liveSessions.hostUserId, hostUserId))
    .groupBy(liveSessions.id)
    .orderBy(desc(liveSessions.scheduledAt));
}

/** A sale's short code, if the user may see it: its host, or a platform admin. */
export async function saleCodeFor(a: {
  saleId: string;
  userId: string;
  platformAdmin: boolean;
}): Promise<string | null> {
  const [row] = await db()
    .select({ code: flashSales.code })
    .from(flashSales)
    .where(
      and(
        eq(flashSales.id, a.saleId),
        a.platformAdmin ? undefined : eq(flashSales.hostUserId, a.userId),
      ),
    );
  return row?.code ?? null;
}

/** Every flash sale of the cooperative's products, latest first, with its host, session and phase. */
export async function cooperativeSales(cooperativeId: string, now = new Date()) {
  const rows = await db()
    .select({
      sale: flashSales,
      offer: offers,
      hostName: users.name,
      hostEmail: users.email,
      sessionTitle: liveSessions.title,
      platform: liveSessions.platform,
      productNameZh: products.nameZh,
      productNameEn: products.nameEn,
      variantLabelZh: variants.labelZh,
      variantLabelEn: variants.labelEn,
    })
    .from(flashSales)
    .innerJoin(offers, eq(offers.id, flashSales.offerId))
    .innerJoin(users, eq(users.id, flashSales.hostUserId))
    .innerJoin(liveSessions, eq(liveSessions.id, flashSales.sessionId))
    .innerJoin(variants, eq(variants.id, flashSales.variantId))
    .innerJoin(products, eq(products.id, variants.productId))
    .where(eq(flashSales.cooperativeId, cooperativeId))
    .orderBy(desc(flashSales.createdAt))
    .limit(200);
  return rows.map(({ sale, offer, ...r }) => ({
    ...r,
    id: sale.id,
    code: sale.code,
    phase: salePhase(sale, offer, now),
    priceFen: offer.priceFen,
    quantity: offer.cap ?? 0,
    createdAt: sale.createdAt,
  }));
}
