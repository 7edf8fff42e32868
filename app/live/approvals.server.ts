import { and, asc, desc, eq, isNull } from "drizzle-orm";
import { users } from "../../db/auth-schema";
import { hostApprovals } from "../../db/live-schema";
import { products, variants } from "../../db/schema";
import { db, type Executor } from "../lib/db.server";
import { newSaleCode } from "./codes";
import { LiveError } from "./live-error";

/*
 * Which hosts may sell what: a cooperative's owner approves a host (by account email) for one of
 * its products at a commission; the host sees and sells only the packs of approved products.
 */

/** An owner approves a host (by account email) for one of the cooperative's products, at a commission. */
export async function approveHost(a: {
  cooperativeId: string;
  hostEmail: string;
  productId: string;
  commissionBps: number;
  actor: string;
}): Promise<{ approvalId: string }> {
  return db().transaction(async (tx) => {
    const [host] = await tx
      .select({ id: users.id, role: users.role })
      .from(users)
      .where(eq(users.email, a.hostEmail.trim().toLowerCase()));
    if (!host) throw new LiveError("not_found", "No account has that email.", "hostEmail");
    const [product] = await tx
      .select({ id: products.id })
      .from(products)
      .where(and(eq(products.id, a.productId), eq(products.cooperativeId, a.cooperativeId)));
    if (!product)
      throw new LiveError("not_found", "That product is not this cooperative's.", "productId");
    const [row] = await tx
      .insert(hostApprovals)
      .values({
        id: newApprovalId(),
        cooperativeId: a.cooperativeId,
        hostUserId: host.id,
        productId: a.productId,
        commissionBps: a.commissionBps,
        approvedBy: a.actor,
      })
      .onConflictDoUpdate({
        target: [hostApprovals.hostUserId, hostApprovals.productId],
        set: {
          commissionBps: a.commissionBps,
          approvedBy: a.actor,
          revokedAt: null,
          updatedAt: new Date(),
        },
      })
      .returning({ id: hostApprovals.id });
    // The cooperative vouches for the host: a shopper's account becomes a host's (the console
    // shows only what was approved to it). A platform admin stays an admin.
    if (host.role === "shopper")
      await tx.update(users).set({ role: "host" }).where(eq(users.id, host.id));
    return { approvalId: row!.id };
  });
}

const newApprovalId = () => `hap_${newSaleCode(16)}`;

/** Revokes one of the cooperative's approvals; false when the cooperative has no such approval. */
export async function revokeApproval(a: {
  cooperativeId: string;
  approvalId: string;
}): Promise<boolean> {
  const rows = await db()
    .update(hostApprovals)
    .set({ revokedAt: new Date(), updatedAt: new Date() })
    .where(
      and(eq(hostApprovals.id, a.approvalId), eq(hostApprovals.cooperativeId, a.cooperativeId)),
    )
    .returning({ id: hostApprovals.id });
  return rows.length > 0;
}

/** A cooperative's approvals, with the host's and the product's names. */
export function cooperativeApprovals(cooperativeId: string) {
  return db()
    .select({
      id: hostApprovals.id,
      commissionBps: hostApprovals.commissionBps,
      revokedAt: hostApprovals.revokedAt,
      updatedAt: hostApprovals.updatedAt,
      hostEmail: users.email,
      hostName: users.name,
      productId: products.id,
      productNameZh: products.nameZh,
      productNameEn: products.nameEn,
    })
    .from(hostApprovals)
    .innerJoin(users, eq(users.id, hostApprovals.hostUserId))
    .innerJoin(products, eq(products.id, hostApprovals.productId))
    .where(eq(hostApprovals.cooperativeId, cooperativeId))
    .orderBy(desc(hostApprovals.createdAt));
}

/** The packs a host may sell: every variant of each product approved (and not revoked) for them. */
export function approvedPacks(hostUserId: string, ex: Executor = db()) {
  return ex
    .select({
      approvalId: hostApprovals.id,
      commissionBps: hostApprovals.commissionBps,
      cooperativeId: hostApprovals.cooperativeId,
      productId: products.id,
      productNameZh: products.nameZh,
      productNameEn: products.nameEn,
      variantId: variants.id,
      variantLabelZh: variants.labelZh,
      variantLabelEn: variants.labelEn,
      priceFen: variants.priceFen,
    })
    .from(hostApprovals)
    .innerJoin(products, eq(products.id, hostApprovals.productId))
    .innerJoin(variants, eq(variants.productId, products.id))
    .where(
      and(
        eq(hostApprovals.hostUserId, hostUserId),
        isNull(hostApprovals.revokedAt),
        eq(products.status, "active"),
        eq(variants.status, "active"),
      ),
    )
    .orderBy(asc(products.nameZh), asc(variants.position));
}
