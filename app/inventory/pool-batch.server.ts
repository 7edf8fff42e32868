import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { inventoryReservations as holds, offerLevels } from "../../db/schema";
import type { Tx } from "../lib/db.server";
import {
  actorSchema,
  dateSchema,
  ownerKindSchema,
  parseInput,
  quantitySchema,
  refSchema,
} from "./reservation-core.server";

const MAX_POOL_BATCH = 10_000;
const poolBatchSchema = z.object({
  offerId: refSchema,
  owner: ownerKindSchema,
  requests: z.array(z.object({ ref: refSchema, quantity: quantitySchema })).max(MAX_POOL_BATCH),
  expiresAt: dateSchema,
  actor: actorSchema,
});

export interface PoolBatchResult {
  /** Refs granted their whole quantity, in request order. */
  granted: string[];
  /** What the pool has left after the batch (0 once closed). */
  available: number;
  reserved: number;
}

/**
 * Many requests on one capped offer's pool (a flash sale's claims of one tick), in the caller's
 * transaction: the pool row is locked, requests are granted in order while they fit (a request too
 * big for what is left is refused and smaller later ones may still fit), and the grants are one
 * move on the pool row, one insert of holds and one of ledger rows. Each ref must be new: the
 * caller answers replays from its own records before it asks.
 */
export async function reserveFromPool(
  tx: Tx,
  a: {
    offerId: string;
    owner: string;
    requests: { ref: string; quantity: number }[];
    expiresAt: Date;
    actor: string;
  },
): Promise<PoolBatchResult> {
  const { offerId, owner, requests, expiresAt, actor } = parseInput(poolBatchSchema, a);
  const [pool] = await tx
    .select({
      variantId: offerLevels.variantId,
      available: offerLevels.available,
      reserved: offerLevels.reserved,
      closedAt: offerLevels.closedAt,
    })
    .from(offerLevels)
    .where(eq(offerLevels.offerId, offerId))
    .for("update");
  if (!pool || pool.closedAt) return { granted: [], available: 0, reserved: pool?.reserved ?? 0 };
  let left = pool.available;
  const take = requests.filter((r) => r.quantity <= left && ((left -= r.quantity), true));
  const total = pool.available - left;
  if (!take.length) return { granted: [], available: pool.available, reserved: pool.reserved };
  const values = sql.join(
    take.map((r) => sql`(${r.ref}, ${r.quantity}::integer)`),
    sql`, `,
  );
  // One statement: the pool's move (guarded again on the locked row), the holds and their ledger rows.
  const res = await tx.execute(sql`
    with req (ref, quantity) as (values ${values}),
    took as (
      update offer_levels set available = available - ${total}::integer, reserved = reserved + ${total}::integer, updated_at = now()
      where offer_id = ${offerId} and closed_at is null and available >= ${total}::integer
      returning variant_id),
    held as (
      insert into inventory_reservations (id, variant_id, offer_id, owner_kind, ref, quantity, expires_at)
      select 'rsv_' || replace(gen_random_uuid()::text, '-', ''), took.variant_id, ${offerId}, ${owner}, req.ref, req.quantity, ${expiresAt.toISOString()}::timestamptz
      from req cross join took
      returning ref, quantity),
    logged as (
      insert into inventory_ledger (variant_id, offer_id, available_delta, reserved_delta, reason, actor, ref)
      select ${pool.variantId}, ${offerId}, -quantity, quantity, 'reserved', ${actor}, ref from held)
    select (select count(*) from took)::integer as took, (select count(*) from held)::integer as held`);
  const row = (res as unknown as { rows: { took: number; held: number }[] }).rows[0]!;
  if (!row.took || Number(row.held) !== take.length) {
    // The row is locked and each ref new: anything else is a caller's bug; roll the batch back.
    throw new Error(`pool batch on ${offerId} could not write its ${take.length} holds`);
  }
  return {
    granted: take.map((r) => r.ref),
    available: left,
    reserved: pool.reserved + total,
  };
}

/**
 * Hands the held stock of `from` (a claim) to `to` (the order it became), in the caller's
 * transaction: the same units stay held, now owned by `to` until `expiresAt`. Refused (false,
 * nothing changed) unless `from` holds exactly `lines`.
 */
export async function handOverHolds(
  tx: Tx,
  a: {
    from: string;
    to: string;
    owner: string;
    expiresAt: Date | null;
    lines: { offerId: string; quantity: number }[];
  },
): Promise<boolean> {
  const rows = await tx
    .select({ id: holds.id, offerId: holds.offerId, quantity: holds.quantity })
    .from(holds)
    .where(and(eq(holds.ref, a.from), eq(holds.status, "held")))
    .orderBy(holds.offerId)
    .for("update");
  const want = new Map<string, number>();
  for (const l of a.lines) want.set(l.offerId, (want.get(l.offerId) ?? 0) + l.quantity);
  if (rows.length !== want.size || rows.some((r) => want.get(r.offerId) !== r.quantity)) {
    return false;
  }
  await tx
    .update(holds)
    .set({ ref: a.to, ownerKind: a.owner, expiresAt: a.expiresAt })
    .where(
      inArray(
        holds.id,
        rows.map((r) => r.id),
      ),
    );
  return true;
}
