import { and, eq, inArray, ne, or, sql } from "drizzle-orm";
import { orders } from "../../db/orders-schema";
import { liveClaims, liveWaitlist } from "../../db/live-schema";
import { offerLevels } from "../../db/schema";
import { reserveFromPool } from "../inventory/pool-batch.server";
import { db, type Executor, type Tx } from "../lib/db.server";
import { env } from "../lib/env.server";
import { newId } from "../lib/ids";
import { lockSale, salePhase } from "./sales.server";

/*
 * Claims: first come, first served, never oversold. Every claim for a sale that arrives while the
 * sale's previous batch is in the database waits in the sale's queue; the next batch takes them all
 * (up to LIVE_CLAIM_BATCH, default 2,000) in one transaction: the sale row locked (batches of one
 * sale queue there across processes), replays answered from their claims, the per-shopper limit
 * counted, the pool drawn in one statement (inventory's reserveFromPool) and the claims written in
 * one more.
 */

export const MAX_CLAIM_QUANTITY = 99;
// LIVE_CLAIM_BATCH=1 caps a batch at one claim: the naive path (one transaction per claim) that
// scripts/bench-flash-sale.ts measures the batching against.
const maxBatch = () => env.LIVE_CLAIM_BATCH;

export interface ClaimRequest {
  /** The Idempotency-Key: unique per sale; the same key answers with the same claim. */
  key: string;
  /** `u:<user id>` or `d:<device id>`. */
  shopperKey: string;
  userId: string | null;
  quantity: number;
}

export type ClaimRefusal =
  "sold_out" | "not_started" | "ended" | "paused" | "over_limit" | "key_reused" | "not_found";
export type ClaimAnswer =
  | { ok: true; claimId: string; quantity: number; expiresAt: Date; replay: boolean }
  | { ok: false; error: ClaimRefusal; limit?: number };

/** One batch of one sale's claims, in arrival order; each answered whole or refused. */
export async function grantClaims(
  saleId: string,
  requests: ClaimRequest[],
  now = new Date(),
): Promise<ClaimAnswer[]> {
  if (!requests.length) return [];
  return db().transaction(async (tx) => {
    const row = await lockSale(tx, saleId);
    if (!row) return requests.map(() => ({ ok: false, error: "not_found" }) as const);
    const { sale, offer } = row;
    // Someone already waits in line: released units are theirs first, so a new claim is sold out.
    const lineAhead = await waitlistNotEmpty(tx, saleId);

    const answers = new Map<string, ClaimAnswer>();
    // Replays: a key already used in this sale answers with its claim (for the same shopper only).
    const keys = [...new Set(requests.map((r) => r.key))];
    const prior = await tx
      .select({
        id: liveClaims.id,
        key: liveClaims.idempotencyKey,
        shopperKey: liveClaims.shopperKey,
        quantity: liveClaims.quantity,
        expiresAt: liveClaims.expiresAt,
      })
      .from(liveClaims)
      .where(
        and(
          eq(liveClaims.saleId, saleId),
          // One JSON parameter for the batch's keys rather than thousands of bound values.
          sql`${liveClaims.idempotencyKey} in (select json_array_elements_text(${JSON.stringify(keys)}::json))`,
        ),
      );
    const priorByKey = new Map(prior.map((p) => [p.key, p]));

    const phase = salePhase(sale, offer, now);
    const closed: ClaimRefusal | null =
      phase === "live"
        ? null
        : phase === "paused"
          ? "paused"
          : phase === "ended"
            ? "ended"
            : "not_started";
    const expiresAt = new Date(now.getTime() + sale.holdSeconds * 1000);
    const candidates: ClaimRequest[] = [];
    const firstOf = new Map<string, ClaimRequest>();
    for (const r of requests) {
      const p = priorByKey.get(r.key);
      if (p) {
        answers.set(
          r.key,
          p.shopperKey === r.shopperKey
            ? {
                ok: true,
                claimId: p.id,
                quantity: p.quantity,
                expiresAt: p.expiresAt,
                replay: true,
              }
            : { ok: false, error: "key_reused" },
        );
        continue;
      }
      if (firstOf.has(r.key)) continue; // a repeat inside the batch: answered with the first
      firstOf.set(r.key, r);
      if (closed) answers.set(r.key, { ok: false, error: closed });
      else if (lineAhead) answers.set(r.key, { ok: false, error: "sold_out" });
      else candidates.push(r);
    }

    const fresh = await withinLimit(tx, saleId, offer, candidates, answers);
    const won = await holdClaims(tx, saleId, offer.id, fresh, expiresAt);
    for (const f of fresh) {
      answers.set(
        f.r.key,
        won.has(f.id)
          ? { ok: true, claimId: f.id, quantity: f.r.quantity, expiresAt, replay: false }
          : { ok: false, error: "sold_out" },
      );
    }
    return requests.map((r) => {
      const a = answers.get(r.key)!;
      // A repeat inside the batch by another shopper is not theirs.
      if (a.ok && firstOf.get(r.key) && firstOf.get(r.key)!.shopperKey !== r.shopperKey)
        return { ok: false, error: "key_reused" } as const;
      return a.ok && firstOf.get(r.key) !== r && !a.replay ? { ...a, replay: true } : a;
    });
  });
}

/**
 * The batch's requests for a sale with a per-shopper limit, decided in arrival order with the pool
 * locked (lock order: sale, pool): each is over the limit counting only what was granted before it,
 * or sold out if it does not fit what is left, or granted. Without a limit the pool decides alone.
 */
async function withinLimit(
  tx: Tx,
  saleId: string,
  offer: { id: string; perShopperLimit: number | null },
  candidates: ClaimRequest[],
  answers: Map<string, ClaimAnswer>,
): Promise<{ id: string; r: ClaimRequest }[]> {
  const limit = offer.perShopperLimit;
  if (limit === null) return candidates.map((r) => ({ id: newId("clm"), r }));
  if (!candidates.length) return [];
  const counted = await shopperTotals(tx, saleId, [
    ...new Set(candidates.map((r) => r.shopperKey)),
  ]);
  const [pool] = await tx
    .select({ available: offerLevels.available, closedAt: offerLevels.closedAt })
    .from(offerLevels)
    .where(eq(offerLevels.offerId, offer.id))
    .for("update");
  let left = pool && !pool.closedAt ? pool.available : 0;
  const fresh: { id: string; r: ClaimRequest }[] = [];
  for (const r of candidates) {
    const had = counted.get(r.shopperKey) ?? 0;
    if (had + r.quantity > limit) {
      answers.set(r.key, { ok: false, error: "over_limit", limit: Math.max(0, limit - had) });
    } else if (r.quantity > left) {
      answers.set(r.key, { ok: false, error: "sold_out" });
    } else {
      left -= r.quantity;
      counted.set(r.shopperKey, had + r.quantity);
      fresh.push({ id: newId("clm"), r });
    }
  }
  return fresh;
}

/** Draws the claims from the pool in order and writes those granted; returns their ids. */
async function holdClaims(
  tx: Tx,
  saleId: string,
  offerId: string,
  fresh: { id: string; r: ClaimRequest }[],
  expiresAt: Date,
): Promise<Set<string>> {
  if (!fresh.length) return new Set();
  const { granted } = await reserveFromPool(tx, {
    offerId,
    owner: "claim",
    requests: fresh.map((f) => ({ ref: f.id, quantity: f.r.quantity })),
    expiresAt,
    actor: "live",
  });
  const won = new Set(granted);
  const rows = fresh.filter((f) => won.has(f.id));
  if (!rows.length) return won;
  // One JSON parameter for the whole batch (thousands of rows would bind thousands of values).
  const claims = JSON.stringify(
    rows.map((f) => ({
      id: f.id,
      key: f.r.key,
      shopper: f.r.shopperKey,
      user_id: f.r.userId,
      quantity: f.r.quantity,
    })),
  );
  // The claims in one statement, and the word to other processes' watchers.
  await tx.execute(sql`
    with added as (
      insert into live_claims (id, sale_id, idempotency_key, shopper_key, user_id, quantity, expires_at)
      select id, ${saleId}, key, shopper, user_id, quantity, ${expiresAt.toISOString()}::timestamptz
      from json_to_recordset(${claims}::json) as r(id text, key text, shopper text, user_id text, quantity integer)
      returning 1)
    select pg_notify('live_sale', ${saleId}) where exists (select 1 from added)`);
  return won;
}

/** Whether anyone waits in the sale's line (new claims are then sold out: released units are theirs). */
export async function waitlistNotEmpty(tx: Tx, saleId: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: liveWaitlist.id })
    .from(liveWaitlist)
    .where(and(eq(liveWaitlist.saleId, saleId), eq(liveWaitlist.status, "waiting")))
    .limit(1);
  return Boolean(row);
}

/**
 * Units each shopper holds or bought in the sale: claims held, and claims whose order was not
 * cancelled (an expired unpaid order gives its units, and its shopper's allowance, back).
 */
export async function shopperTotals(
  tx: Executor,
  saleId: string,
  shopperKeys: string[],
): Promise<Map<string, number>> {
  if (!shopperKeys.length) return new Map();
  const rows = await tx
    .select({
      shopperKey: liveClaims.shopperKey,
      units: sql<number>`coalesce(sum(${liveClaims.quantity}), 0)`.mapWith(Number),
    })
    .from(liveClaims)
    .leftJoin(orders, eq(orders.id, liveClaims.orderId))
    .where(
      and(
        eq(liveClaims.saleId, saleId),
        inArray(liveClaims.shopperKey, shopperKeys),
        or(
          eq(liveClaims.status, "held"),
          and(eq(liveClaims.status, "ordered"), ne(orders.status, "cancelled")),
        ),
      ),
    )
    .groupBy(liveClaims.shopperKey);
  return new Map(rows.map((r) => [r.shopperKey, r.units]));
}

// ---------------------------------------------------------------- the per-sale queue

type Waiting = { r: ClaimRequest; resolve: (a: ClaimAnswer) => void; reject: (e: unknown) => void };
const queues = new Map<string, { items: Waiting[]; running: boolean }>();

/**
 * A claim joins its sale's queue; while a batch of the sale is in the database the next one
 * gathers, so batches grow with the load and a quiet sale answers at once.
 */
export function submitClaim(saleId: string, r: ClaimRequest): Promise<ClaimAnswer> {
  return new Promise((resolve, reject) => {
    let q = queues.get(saleId);
    if (!q) queues.set(saleId, (q = { items: [], running: false }));
    q.items.push({ r, resolve, reject });
    if (!q.running) {
      q.running = true;
      setImmediate(() => void drain(saleId));
    }
  });
}

async function drain(saleId: string): Promise<void> {
  const q = queues.get(saleId)!;
  while (q.items.length) {
    const batch = q.items.splice(0, maxBatch());
    try {
      const answers = await grantClaims(
        saleId,
        batch.map((w) => w.r),
      );
      batch.forEach((w, i) => w.resolve(answers[i]!));
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
  }
  q.running = false;
  queues.delete(saleId);
}
