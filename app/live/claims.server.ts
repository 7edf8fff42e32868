import { and, eq, inArray, ne, or, sql } from "drizzle-orm";
import { orders } from "../../db/orders-schema";
import { flashSales, liveClaims, liveWaitlist } from "../../db/live-schema";
import { offerLevels, offers } from "../../db/schema";
import { reserveFromPool } from "../inventory/pool-batch.server";
import { db, type Executor, type Tx } from "../lib/db.server";
import { env } from "../lib/env.server";
import { newId } from "../lib/ids";
import { lockSale, salePhase, type SalePhase } from "./sales.server";

/*
 * Claims: first come, first served, never oversold. Every claim for a sale that arrives while the
 * sale's previous batch is in the database waits in the sale's queue; the next batch takes them all
 * (up to LIVE_CLAIM_BATCH, default 2,000) in one transaction: the sale row locked (batches of one
 * sale queue there across processes), replays answered from their claims, the per-shopper limit
 * counted, the pool drawn in one statement (inventory's reserveFromPool) and the claims written in
 * one more. Once a batch has refused a claim as sold out, the sale's next claims are checked by
 * one shared read instead (checkClaims: replays, refusals, and only those that could now be
 * granted go on to a grant batch), so the storm after the last unit costs no lock and no write.
 * Batches of a queue start at most every BATCH_GAP_MS.
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

    const closed = phaseRefusal(salePhase(sale, offer, now));
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

// ---------------------------------------------------------------- refusals without a write

/**
 * A batch of claims for a sale that looked sold out, decided by one read and no write: each is a
 * replay (its key already has a claim), or refused as the grant would refuse it (the sale not live,
 * someone waiting in line, over the per-shopper limit, more than the pool has), or null: it could
 * be granted now and goes to the grant queue. The sale, its pool, its line and the batch's keys are
 * read in one statement, so every answer is exact as of that read (a moment after each request
 * arrived): a key granted in another process is replayed, a unit back in the pool is granted.
 */
export async function checkClaims(
  saleId: string,
  requests: ClaimRequest[],
  now = new Date(),
): Promise<(ClaimAnswer | null)[]> {
  if (!requests.length) return [];
  const keys = JSON.stringify([...new Set(requests.map((r) => r.key))]);
  const [row] = await db()
    .select({
      status: flashSales.status,
      closedAt: flashSales.closedAt,
      startsAt: offers.startsAt,
      endsAt: offers.endsAt,
      limit: offers.perShopperLimit,
      available: offerLevels.available,
      poolClosedAt: offerLevels.closedAt,
      lineAhead: sql<boolean>`exists (select 1 from ${liveWaitlist} where ${liveWaitlist.saleId} = ${flashSales.id} and ${liveWaitlist.status} = 'waiting')`,
      prior: sql<PriorRow[] | string>`(
        select coalesce(json_agg(json_build_object('id', c.id, 'key', c.idempotency_key,
          'shopperKey', c.shopper_key, 'quantity', c.quantity,
          'expiresAt', (extract(epoch from c.expires_at) * 1000)::float8)), '[]'::json)
        from live_claims c
        where c.sale_id = ${flashSales.id}
          and c.idempotency_key in (select json_array_elements_text(${keys}::json)))`,
    })
    .from(flashSales)
    .innerJoin(offers, eq(offers.id, flashSales.offerId))
    .leftJoin(offerLevels, eq(offerLevels.offerId, flashSales.offerId))
    .where(eq(flashSales.id, saleId));
  if (!row) return requests.map(() => ({ ok: false, error: "not_found" }) as const);
  const prior = typeof row.prior === "string" ? (JSON.parse(row.prior) as PriorRow[]) : row.prior;
  const priorByKey = new Map(prior.map((p) => [p.key, p]));
  const phase = salePhase(row, row, now);
  const closed = phaseRefusal(phase);
  const available = row.available !== null && !row.poolClosedAt ? row.available : 0;

  const firstOf = new Map<string, ClaimRequest>();
  const answers: (ClaimAnswer | null)[] = requests.map((r) => {
    const p = priorByKey.get(r.key);
    if (p)
      return p.shopperKey === r.shopperKey
        ? {
            ok: true,
            claimId: p.id,
            quantity: p.quantity,
            expiresAt: new Date(p.expiresAt),
            replay: true,
          }
        : { ok: false, error: "key_reused" };
    const first = firstOf.get(r.key);
    if (!first) firstOf.set(r.key, r);
    else if (first.shopperKey !== r.shopperKey) return { ok: false, error: "key_reused" };
    if (closed) return { ok: false, error: closed };
    if (row.lineAhead) return { ok: false, error: "sold_out" };
    return null;
  });
  // The rest as the grant decides them: over the limit first, then whether it fits the pool.
  const open = requests.flatMap((r, i) => (answers[i] === null ? [i] : []));
  const limit = row.limit;
  const counted =
    limit !== null && open.length
      ? await shopperTotals(db(), saleId, [...new Set(open.map((i) => requests[i]!.shopperKey))])
      : new Map<string, number>();
  for (const i of open) {
    const r = requests[i]!;
    const had = counted.get(r.shopperKey) ?? 0;
    if (limit !== null && had + r.quantity > limit)
      answers[i] = { ok: false, error: "over_limit", limit: Math.max(0, limit - had) };
    else if (r.quantity > available) answers[i] = { ok: false, error: "sold_out" };
  }
  return answers;
}

interface PriorRow {
  id: string;
  key: string;
  shopperKey: string;
  quantity: number;
  /** ms since the epoch */
  expiresAt: number;
}

function phaseRefusal(phase: SalePhase): ClaimRefusal | null {
  return phase === "live"
    ? null
    : phase === "paused"
      ? "paused"
      : phase === "ended"
        ? "ended"
        : "not_started";
}

// ---------------------------------------------------------------- the per-sale queues

type Waiting = { r: ClaimRequest; resolve: (a: ClaimAnswer) => void; reject: (e: unknown) => void };
interface Queue {
  items: Waiting[];
  running: boolean;
  /** When its last batch started (performance.now()). */
  lastStart: number;
}
interface SaleQueues {
  grants: Queue;
  checks: Queue;
  /**
   * The last batch refused something as sold out: new claims are checked by a read first
   * (checkClaims) and only those that could be granted join the grants. A hint for the route
   * only: the check is exact, and it clears the hint when it finds room.
   */
  soldOut: boolean;
}
const sales = new Map<string, SaleQueues>();

/**
 * A claim joins its sale's queue; while a batch of the sale is in the database the next one
 * gathers, so batches grow with the load and a quiet sale answers at once. Once a sale looks sold
 * out, its claims are checked by a shared read instead (no lock, no write) and reach the grant
 * queue only if they could be granted. LIVE_CLAIM_BATCH=1, the naive path, takes every claim
 * through its own grant transaction.
 */
export function submitClaim(saleId: string, r: ClaimRequest): Promise<ClaimAnswer> {
  let s = sales.get(saleId);
  if (!s) {
    if (sales.size > 10_000) for (const [id, q] of sales) if (idle(q)) sales.delete(id);
    sales.set(
      saleId,
      (s = {
        grants: { items: [], running: false, lastStart: -Infinity },
        checks: { items: [], running: false, lastStart: -Infinity },
        soldOut: false,
      }),
    );
  }
  const q = s;
  return new Promise((resolve, reject) => {
    const w = { r, resolve, reject };
    if (q.soldOut && maxBatch() > 1) enqueue(q.checks, w, () => drainChecks(saleId, q));
    else enqueue(q.grants, w, () => drainGrants(saleId, q));
  });
}

const idle = (s: SaleQueues) => !s.grants.running && !s.checks.running;

/**
 * A queue's batches start at most every BATCH_GAP_MS: a batch in the database holds the event
 * loop (PGlite runs in it) and costs about as much for one claim as for hundreds, so starting the
 * next batch the moment one ends, with the few claims read in between, makes a storm of tiny
 * batches; waiting out the gap lets the answered shoppers' next claims arrive and share one. A
 * quiet sale's claim starts at once. The naive path (LIVE_CLAIM_BATCH=1) never waits.
 */
const BATCH_GAP_MS = 20;

function enqueue(q: Queue, w: Waiting, drain: () => Promise<void>): void {
  q.items.push(w);
  if (q.running) return;
  q.running = true;
  schedule(q, drain);
}

function schedule(q: Queue, drain: () => Promise<void>): void {
  const wait = maxBatch() > 1 ? q.lastStart + BATCH_GAP_MS - performance.now() : 0;
  if (wait >= 1) setTimeout(() => void drain(), wait);
  else setImmediate(() => void drain());
}

async function drainGrants(saleId: string, s: SaleQueues): Promise<void> {
  const q = s.grants;
  q.lastStart = performance.now();
  {
    const batch = q.items.splice(0, maxBatch());
    try {
      const answers = await grantClaims(
        saleId,
        batch.map((w) => w.r),
      );
      if (answers.some((a) => !a.ok && a.error === "sold_out")) s.soldOut = true;
      batch.forEach((w, i) => w.resolve(answers[i]!));
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
  }
  if (q.items.length) schedule(q, () => drainGrants(saleId, s));
  else q.running = false;
}

const MAX_CHECK = 5_000;

async function drainChecks(saleId: string, s: SaleQueues): Promise<void> {
  const q = s.checks;
  q.lastStart = performance.now();
  {
    const batch = q.items.splice(0, MAX_CHECK);
    try {
      const answers = await checkClaims(
        saleId,
        batch.map((w) => w.r),
      );
      batch.forEach((w, i) => {
        const a = answers[i];
        if (a) return w.resolve(a);
        // Room for it: the grant decides (and the sale no longer looks sold out).
        s.soldOut = false;
        enqueue(s.grants, w, () => drainGrants(saleId, s));
      });
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
  }
  if (q.items.length) schedule(q, () => drainChecks(saleId, s));
  else q.running = false;
}
