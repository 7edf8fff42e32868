import { createHash, randomBytes } from "node:crypto";
import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import { presaleOrders, presaleReleases, presaleTerms } from "../../db/presale-schema";
import { harvestBatches, offers, variants } from "../../db/schema";
import { adjustStock } from "../inventory/stock.server";
import { enqueueJob } from "../jobs/queue.server";
import { db, type Tx } from "../lib/db.server";
import { newId } from "../lib/ids";
import { mailOrigin } from "../lib/origin.server";
import { queueNotification } from "../orders/notifications.server";
import { deadlineText } from "./facts.server";

/*
 * A harvest release: the cooperative brings in so many packs of a harvest batch, and the presale's
 * waiting orders get them strictly in the order their deposits were paid. An order that fits whole
 * is allocated (its balance is charged next, balance.server.ts). The first that does not fit is
 * offered what is left: take those packs now, wait for the next batch for the whole order, or
 * cancel with a full refund; the packs are set aside for it while it decides, and nobody behind it
 * is served meanwhile. Every later order is short: told at once, each chooses to wait or cancel
 * (choice.server.ts). An order that turns the offer down keeps its place for the next batch and the
 * packs pass to the next in line, who is offered them in turn. Units nobody in line takes (more
 * harvest than orders) join the pack's stock for buy-now.
 *
 * Allocation runs as the presale_allocate job, in chunks of orders, each chunk one transaction
 * that moves orders and the release's count together: a crash loses at most a chunk's work, which
 * the retried job redoes from the orders' states (an allocated order is never picked again).
 */

const CHUNK = 200;
export const MAX_RELEASE_PACKS = 1_000_000;

export type ReleaseOutcome =
  | { ok: true; releaseId: string }
  | {
      ok: false;
      status: 404 | 409 | 422;
      field?: "harvestBatchId" | "packs" | "harvestedKg";
      message: string;
    };

/** The link's token and what is stored of it (its hash). */
export function newLinkToken(): { token: string; hash: string } {
  const token = randomBytes(24).toString("base64url");
  return { token, hash: hashLinkToken(token) };
}
export function hashLinkToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
export const choiceLink = (token: string) => `${mailOrigin()}/presale/choice/${token}`;

export async function releaseHarvest(a: {
  cooperativeId: string;
  offerId: string;
  harvestBatchId: string;
  packs: number;
  harvestedKg: number;
  actor: string;
}): Promise<ReleaseOutcome> {
  if (!Number.isInteger(a.packs) || a.packs < 1 || a.packs > MAX_RELEASE_PACKS)
    return { ok: false, status: 422, field: "packs", message: "presale.release.packs" };
  if (!Number.isFinite(a.harvestedKg) || a.harvestedKg <= 0 || a.harvestedKg > 10_000_000)
    return { ok: false, status: 422, field: "harvestedKg", message: "presale.release.harvestedKg" };
  return db().transaction(async (tx) => {
    const [offer] = await tx
      .select({
        offerId: offers.id,
        productId: variants.productId,
        netWeightG: variants.netWeightG,
      })
      .from(offers)
      .innerJoin(presaleTerms, eq(presaleTerms.offerId, offers.id))
      .innerJoin(variants, eq(variants.id, offers.variantId))
      .where(and(eq(offers.id, a.offerId), eq(presaleTerms.cooperativeId, a.cooperativeId)));
    if (!offer) return { ok: false, status: 404, message: "presale.notFound" } as const;
    // Only a batch of the presale's own product (so never another cooperative's).
    const [batch] = await tx
      .select({ id: harvestBatches.id })
      .from(harvestBatches)
      .where(
        and(eq(harvestBatches.id, a.harvestBatchId), eq(harvestBatches.productId, offer.productId)),
      );
    if (!batch)
      return {
        ok: false,
        status: 422,
        field: "harvestBatchId",
        message: "presale.release.batch",
      } as const;
    if (a.packs * offer.netWeightG > Math.round(a.harvestedKg * 1000))
      return {
        ok: false,
        status: 422,
        field: "packs",
        message: "presale.release.aboveHarvest",
      } as const;
    const id = newId("rel");
    const [made] = await tx
      .insert(presaleReleases)
      .values({
        id,
        offerId: a.offerId,
        cooperativeId: a.cooperativeId,
        harvestBatchId: a.harvestBatchId,
        quantity: a.packs,
        createdBy: a.actor,
      })
      .onConflictDoNothing()
      .returning({ id: presaleReleases.id });
    if (!made)
      return {
        ok: false,
        status: 409,
        field: "harvestBatchId",
        message: "presale.release.twice",
      } as const;
    await tx
      .update(harvestBatches)
      .set({ status: "harvested" })
      .where(eq(harvestBatches.id, a.harvestBatchId));
    await enqueueAllocation(tx, id);
    return { ok: true, releaseId: id } as const;
  });
}

/** Queues (another) allocation pass of a release: after it is made, and when units come back to it. */
export async function enqueueAllocation(tx: Tx, releaseId: string) {
  await enqueueJob({
    tx,
    kind: "presale_allocate",
    payload: { releaseId },
    dedupeKey: `presale_allocate:${releaseId}:${Date.now()}`,
  });
}

/**
 * The presale_allocate job: gives the release's packs to the orders in line, chunk by chunk, then
 * marks it done. Idempotent: a second run (or a retry after a crash) finds the allocated orders
 * out of line and the release's count already moved.
 */
export async function allocateRelease(
  releaseId: string,
  { now = new Date(), chunk = CHUNK }: { now?: Date; chunk?: number } = {},
): Promise<{ allocated: number; short: number }> {
  let afterSeq = 0;
  // Once an order did not fit, no later one is served by this pass (across chunks too).
  let blocked = false;
  let allocated = 0;
  let short = 0;
  for (;;) {
    const step = await db().transaction(async (tx) => {
      const [rel] = await tx
        .select()
        .from(presaleReleases)
        .where(eq(presaleReleases.id, releaseId))
        .for("update");
      if (!rel || rel.status === "done") return null;
      const [terms] = await tx
        .select()
        .from(presaleTerms)
        .where(eq(presaleTerms.offerId, rel.offerId));
      // In line: waiting, short ones that have not chosen (still in line for the next batch), and
      // offered ones deciding (nobody behind them is served meanwhile).
      const line = await tx
        .select()
        .from(presaleOrders)
        .where(
          and(
            eq(presaleOrders.offerId, rel.offerId),
            inArray(presaleOrders.state, ["waiting", "short", "offered"]),
            gt(presaleOrders.queueSeq, afterSeq),
          ),
        )
        .orderBy(asc(presaleOrders.queueSeq))
        .limit(chunk)
        .for("update");
      let remaining = rel.quantity - rel.allocated;
      if (!line.length) {
        // An order deciding on an offer may yet turn it down: what is left waits for its answer.
        if (blocked && remaining > 0) return null;
        // Everyone in line is served or told: what is left joins the pack's stock for buy-now.
        if (remaining > 0) {
          const [offer] = await tx
            .select({ variantId: offers.variantId })
            .from(offers)
            .where(eq(offers.id, rel.offerId));
          await adjustStock({
            variantId: offer!.variantId,
            delta: remaining,
            reason: "harvest_surplus",
            actor: `release:${rel.id}`,
            tx,
          });
        }
        await tx
          .update(presaleReleases)
          .set({ status: "done", allocated: rel.quantity, updatedAt: now })
          .where(eq(presaleReleases.id, rel.id));
        return null;
      }
      if (remaining === 0) blocked = true;
      let took = 0;
      let told = 0;
      const charge: string[] = [];
      for (const p of line) {
        // It turned down this release's offer: it waits for the next batch, the packs went on.
        if (p.passedReleaseId === rel.id) continue;
        if (p.state === "offered") {
          blocked = true;
          continue;
        }
        if (!blocked && p.quantity <= remaining) {
          remaining -= p.quantity;
          took++;
          await tx
            .update(presaleOrders)
            .set({
              state: "allocated",
              releaseId: rel.id,
              allocatedQuantity: p.quantity,
              deadlineAt: null,
              choice: null,
              updatedAt: now,
            })
            .where(eq(presaleOrders.orderId, p.orderId));
          charge.push(p.orderId);
          continue;
        }
        // The first order that does not fit stops the line: no later order jumps it. It is offered
        // what is left, set aside for it until it answers.
        if (!blocked && remaining > 0) {
          await markOffered(tx, p.orderId, rel.id, remaining, terms!.deadlineHours, now);
          remaining = 0;
          blocked = true;
          told++;
          continue;
        }
        blocked = true;
        if (p.state === "short") continue; // told already, at an earlier release
        told++;
        await markShort(tx, p.orderId, terms!.deadlineHours, now);
      }
      await enqueueBalanceCharges(tx, rel.id, charge);
      afterSeq = line[line.length - 1]!.queueSeq!;
      await tx
        .update(presaleReleases)
        .set({ allocated: rel.quantity - remaining, updatedAt: now })
        .where(eq(presaleReleases.id, rel.id));
      return { took, told };
    });
    if (!step) return { allocated, short };
    allocated += step.took;
    short += step.told;
  }
}

/** Orders per presale_charge_balances job: each is charged on its own, so a batch only shares a claim. */
export const CHARGE_BATCH = 25;

/**
 * Queues the balance charges of orders just allocated, in queue order, in batches, in the
 * allocation's transaction: the jobs exist if and only if the allocation committed, and a retried
 * allocation never allocates (so never queues) an order again, which is why they need no dedupe key.
 */
export async function enqueueBalanceCharges(tx: Tx, releaseId: string, orderIds: string[]) {
  for (let i = 0; i < orderIds.length; i += CHARGE_BATCH)
    await enqueueJob({
      tx,
      kind: "presale_charge_balances",
      payload: { releaseId, orderIds: orderIds.slice(i, i + CHARGE_BATCH) },
    });
}

/** Told the harvest cannot serve it: a choice link with a deadline, and the deadline's job. */
async function markShort(tx: Tx, orderId: string, deadlineHours: number, now: Date) {
  await askChoice(tx, orderId, deadlineHours, now, { state: "short" });
}

/** Offered the `packs` left of a release that cannot fill it whole, set aside until it answers. */
async function markOffered(
  tx: Tx,
  orderId: string,
  releaseId: string,
  packs: number,
  deadlineHours: number,
  now: Date,
) {
  await askChoice(tx, orderId, deadlineHours, now, {
    state: "offered",
    releaseId,
    allocatedQuantity: packs,
  });
}

async function askChoice(
  tx: Tx,
  orderId: string,
  deadlineHours: number,
  now: Date,
  to: { state: "short" } | { state: "offered"; releaseId: string; allocatedQuantity: number },
) {
  const { token, hash } = newLinkToken();
  const deadlineAt = new Date(now.getTime() + deadlineHours * 3_600_000);
  const [p] = await tx
    .update(presaleOrders)
    .set({ ...to, deadlineAt, linkTokenHash: hash, choice: null, updatedAt: now })
    .where(eq(presaleOrders.orderId, orderId))
    .returning();
  await queueNotification({
    tx,
    orderId,
    kind: to.state === "offered" ? "presale_offered" : "presale_short",
    dedupeKey: `presale_${to.state}:${orderId}:${hash.slice(0, 16)}`,
    presale: {
      depositFen: p!.depositFen,
      balanceFen: p!.balanceFen,
      when: deadlineText(deadlineAt),
      actionLink: choiceLink(token),
      offeredPacks: to.state === "offered" ? to.allocatedQuantity : undefined,
      quantity: p!.quantity,
    },
  });
  await enqueueDeadline(tx, orderId, deadlineAt);
}

export async function enqueueDeadline(tx: Tx, orderId: string, at: Date) {
  await enqueueJob({
    tx,
    kind: "presale_deadline",
    payload: { orderId },
    dedupeKey: `presale_deadline:${orderId}:${at.getTime()}`,
    runAt: at,
  });
}

/**
 * Packs a lapsed, cancelled or turned-down allocation gives back to its release, which allocates
 * them again; so does every release of the presale still holding packs for a decision (the order
 * that was deciding may be first in line for them).
 */
export async function returnToRelease(tx: Tx, releaseId: string, packs: number, now: Date) {
  const [rel] = await tx
    .update(presaleReleases)
    .set({
      allocated: sql`${presaleReleases.allocated} - ${packs}`,
      status: "allocating",
      updatedAt: now,
    })
    .where(eq(presaleReleases.id, releaseId))
    .returning({ offerId: presaleReleases.offerId });
  const open = await tx
    .select({ id: presaleReleases.id })
    .from(presaleReleases)
    .where(and(eq(presaleReleases.offerId, rel!.offerId), eq(presaleReleases.status, "allocating")))
    .orderBy(asc(presaleReleases.createdAt));
  for (const r of open) await enqueueAllocation(tx, r.id);
}

export interface ReleaseProgress {
  id: string;
  batchId: string;
  batchDate: string;
  packs: number;
  allocated: number;
  status: "allocating" | "done";
  createdAt: string;
  /** Orders this release allocated, by where they stand now. */
  orders: {
    charging: number;
    paid: number;
    actionNeeded: number;
    /** Offered the packs left, deciding whether to take them. */
    offered: number;
    lapsed: number;
  };
}

/** A presale's releases, newest first, with where their orders stand (the owner's live view). */
export async function releaseProgress(offerId: string): Promise<ReleaseProgress[]> {
  const rels = await db()
    .select({ r: presaleReleases, batchDate: harvestBatches.expectedDate })
    .from(presaleReleases)
    .innerJoin(harvestBatches, eq(harvestBatches.id, presaleReleases.harvestBatchId))
    .where(eq(presaleReleases.offerId, offerId))
    .orderBy(sql`${presaleReleases.createdAt} desc`);
  if (!rels.length) return [];
  const counts = await db()
    .select({
      releaseId: presaleOrders.releaseId,
      state: presaleOrders.state,
      n: sql<number>`count(*)`.mapWith(Number),
    })
    .from(presaleOrders)
    .where(
      inArray(
        presaleOrders.releaseId,
        rels.map((x) => x.r.id),
      ),
    )
    .groupBy(presaleOrders.releaseId, presaleOrders.state);
  const of = (id: string, state: string) =>
    counts.find((c) => c.releaseId === id && c.state === state)?.n ?? 0;
  return rels.map(({ r, batchDate }) => ({
    id: r.id,
    batchId: r.harvestBatchId,
    batchDate,
    packs: r.quantity,
    allocated: r.allocated,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
    orders: {
      charging: of(r.id, "allocated"),
      paid: of(r.id, "paid"),
      actionNeeded: of(r.id, "action_needed"),
      offered: of(r.id, "offered"),
      lapsed: of(r.id, "lapsed"),
    },
  }));
}

/** The product's harvest batches a release may name (not yet released for this presale first). */
export async function releasableBatches(offerId: string) {
  const [offer] = await db()
    .select({ productId: variants.productId })
    .from(offers)
    .innerJoin(variants, eq(variants.id, offers.variantId))
    .where(eq(offers.id, offerId));
  if (!offer) return [];
  const rows = await db()
    .select({
      id: harvestBatches.id,
      expectedDate: harvestBatches.expectedDate,
      status: harvestBatches.status,
      released: presaleReleases.id,
    })
    .from(harvestBatches)
    .leftJoin(
      presaleReleases,
      and(
        eq(presaleReleases.harvestBatchId, harvestBatches.id),
        eq(presaleReleases.offerId, offerId),
      ),
    )
    .where(eq(harvestBatches.productId, offer.productId))
    .orderBy(asc(harvestBatches.expectedDate));
  return rows.map((b) => ({
    id: b.id,
    expectedDate: b.expectedDate,
    status: b.status,
    released: b.released !== null,
  }));
}
