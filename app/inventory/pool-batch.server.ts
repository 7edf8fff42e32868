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
 * move on the pool row, one insert of holds and one ledger row, in one statement. Each ref must be new: the
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
  const input = parseInput(poolBatchSchema, a);
  const { offerId, requests } = input;
  if (!requests.length) return { granted: [], available: 0, reserved: 0 };
  // The common case, one statement: the whole batch fits.
  const all = await takeAndHold(tx, input, requests);
  if (all) return { granted: requests.map((r) => r.ref), ...all };
  // The last units: lock the row and grant in order while they fit.
  const [pool] = await tx
    .select({
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
  if (!take.length) return { granted: [], available: pool.available, reserved: pool.reserved };
  const some = await takeAndHold(tx, input, take);
  // The row is locked: what it showed is there.
  if (!some) throw new Error(`pool ${offerId} moved under its row lock`);
  return { granted: take.map((r) => r.ref), ...some };
}

/**
 * One statement: the pool's move, guarded (it takes the total only if all of it is there in an
 * open pool, checked on the row as it is locked), a hold per request and one ledger row for the
 * batch (ref `batch:<first ref>`; the holds name every request, and each one's release or sale is
 * its own ledger row later). Per-request ledger rows cost a third of a storm's writes. The requests
 * travel as one JSON parameter: a batch of thousands binds one value, not thousands. Null when the
 * total was not there (nothing written).
 */
async function takeAndHold(
  tx: Tx,
  { offerId, owner, expiresAt, actor }: z.infer<typeof poolBatchSchema>,
  take: { ref: string; quantity: number }[],
): Promise<{ available: number; reserved: number } | null> {
  const total = take.reduce((sum, r) => sum + r.quantity, 0);
  const req = JSON.stringify(take.map((r) => ({ ref: r.ref, quantity: r.quantity })));
  const res = await tx.execute(sql`
    with req as (select * from json_to_recordset(${req}::json) as r(ref text, quantity integer)),
    took as (
      update offer_levels set available = available - ${total}::integer, reserved = reserved + ${total}::integer, updated_at = now()
      where offer_id = ${offerId} and closed_at is null and available >= ${total}::integer
      returning variant_id, available, reserved),
    held as (
      insert into inventory_reservations (id, variant_id, offer_id, owner_kind, ref, quantity, expires_at)
      select 'rsv_' || replace(gen_random_uuid()::text, '-', ''), took.variant_id, ${offerId}, ${owner}, req.ref, req.quantity, ${expiresAt.toISOString()}::timestamptz
      from req cross join took
      returning 1),
    logged as (
      insert into inventory_ledger (variant_id, offer_id, available_delta, reserved_delta, reason, actor, ref)
      select variant_id, ${offerId}, -${total}::integer, ${total}::integer, 'reserved', ${actor}, ${`batch:${take[0]!.ref}`} from took)
    select available, reserved, (select count(*) from held)::integer as held from took`);
  const row = (res as unknown as { rows: { available: number; reserved: number; held: number }[] })
    .rows[0];
  if (!row) return null;
  // Each ref is new (the caller answers replays first): a conflict here is a bug; roll it all back.
  if (Number(row.held) !== take.length)
    throw new Error(`pool batch on ${offerId} could not write its ${take.length} holds`);
  return { available: Number(row.available), reserved: Number(row.reserved) };
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
