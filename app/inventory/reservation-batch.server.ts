import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import {
  inventoryLedger,
  inventoryLevels,
  inventoryReservations as holds,
  offers,
} from "../../db/schema";
import type { Executor, Tx } from "../lib/db.server";
import { newId } from "../lib/ids";
import {
  actorSchema,
  atomically,
  dateSchema,
  ledgerRow,
  moveStock,
  parseInput,
  quantitySchema,
  refSchema,
  ReservationError,
} from "./reservation-core.server";

export type BatchResult =
  { ref: string; ok: true; reservationId: string } | { ref: string; ok: false; error: "sold_out" };

const MAX_BATCH = 5_000;
const batchSchema = z.object({
  variantId: refSchema,
  requests: z.array(z.object({ ref: refSchema, quantity: quantitySchema })).max(MAX_BATCH),
  expiresAt: dateSchema,
  actor: actorSchema,
});

/**
 * Many single-variant requests (a flash sale's queued claims) in one transaction, each granted
 * whole or refused. One all-or-nothing UPDATE for the batch's total covers the common case; only
 * when that misses (the last units) is the row locked and the requests granted in order while
 * they fit, still one write. Never read-then-write without the lock: that oversells.
 * A ref already reserved for this variant (a retried claim) gets its existing reservation back.
 */
export async function reserveBatch(a: {
  variantId: string;
  requests: { ref: string; quantity: number }[];
  expiresAt: Date;
  actor: string;
  tx?: Executor;
}): Promise<BatchResult[]> {
  const input = parseInput(batchSchema, a);
  if (!input.requests.length) return [];
  const { variantId, expiresAt, actor } = input;
  // First occurrence of each ref; a repeat inside the batch is a replay of it.
  const seen = new Set<string>();
  const unique = input.requests.filter((r) => !seen.has(r.ref) && (seen.add(r.ref), true));
  const granted = await atomically(a.tx, async (t) => {
    const known = new Map<string, string>();
    let rows = unique.map((r) => ({ id: newId("rsv"), ref: r.ref, quantity: r.quantity }));
    // Batched claims sell at the variant's standard offer (a capped offer's claims go through reserve()).
    const [offer] = await t
      .select({ id: offers.id })
      .from(offers)
      .where(and(eq(offers.variantId, variantId), eq(offers.kind, "standard")));
    if (!offer) throw new ReservationError("not_found", `unknown variant ${variantId}`);
    const at = { variantId, offerId: offer.id, expiresAt, actor };
    let added = await takeAll(t, at, rows);
    if (!added) {
      // The last units: replays keep what they hold, the rest are granted in order under the row lock.
      const prior = await t
        .select({ id: holds.id, ref: holds.ref })
        .from(holds)
        .where(
          and(
            eq(holds.variantId, variantId),
            inArray(
              holds.ref,
              rows.map((r) => r.ref),
            ),
          ),
        );
      for (const p of prior) known.set(p.ref, p.id);
      rows = await takeInOrder(
        t,
        variantId,
        rows.filter((r) => !known.has(r.ref)),
      );
      added = rows.length ? await insertHolds(t, at, rows) : new Set();
    }
    // A ref already held (a retried claim, or one committed by another call meanwhile): give its
    // units back and answer with the existing hold.
    const lost = rows.filter((r) => !added.has(r.id));
    if (lost.length) {
      const q = lost.reduce((sum, r) => sum + r.quantity, 0);
      await moveStock(t, variantId, { available: q, reserved: -q, sold: 0 });
      const theirs = await t
        .select({ id: holds.id, ref: holds.ref })
        .from(holds)
        .where(
          and(
            eq(holds.variantId, variantId),
            inArray(
              holds.ref,
              lost.map((r) => r.ref),
            ),
          ),
        );
      for (const p of theirs) known.set(p.ref, p.id);
    }
    for (const r of rows) if (added.has(r.id)) known.set(r.ref, r.id);
    return known;
  });
  return input.requests.map((r): BatchResult => {
    const id = granted.get(r.ref);
    return id
      ? { ref: r.ref, ok: true, reservationId: id }
      : { ref: r.ref, ok: false, error: "sold_out" };
  });
}

type Req = { id: string; ref: string; quantity: number };

/**
 * The common case in one statement: take the batch's total if it is all there (guarded, so the
 * check is made on the locked row), insert the holds and their ledger rows. Returns the ids
 * inserted, or null when the total was not available (nothing written).
 */
type BatchAt = { variantId: string; offerId: string; expiresAt: Date; actor: string };

async function takeAll(
  t: Tx,
  { variantId, offerId, expiresAt, actor }: BatchAt,
  rows: Req[],
): Promise<Set<string> | null> {
  const total = rows.reduce((sum, r) => sum + r.quantity, 0);
  const values = sql.join(
    rows.map((r) => sql`(${r.id}, ${r.ref}, ${r.quantity}::integer)`),
    sql`, `,
  );
  const res = await t.execute(sql`
    with req (id, ref, quantity) as (values ${values}),
    took as (
      update inventory_levels set available = available - ${total}::integer, reserved = reserved + ${total}::integer, updated_at = now()
      where variant_id = ${variantId} and available >= ${total}::integer
      returning variant_id),
    held as (
      insert into inventory_reservations (id, variant_id, offer_id, ref, quantity, expires_at)
      select req.id, took.variant_id, ${offerId}, req.ref, req.quantity, ${expiresAt.toISOString()}::timestamptz from req cross join took
      on conflict do nothing
      returning id, ref, quantity),
    logged as (
      insert into inventory_ledger (variant_id, available_delta, reserved_delta, reason, actor, ref)
      select ${variantId}, -quantity, quantity, 'reserved', ${actor}, ref from held)
    select (select count(*) from took)::integer as took, (select json_agg(id) from held) as ids`);
  const row = (res as unknown as { rows: { took: number; ids: string[] | string | null }[] })
    .rows[0]!;
  if (!row.took) return null;
  const ids = typeof row.ids === "string" ? (JSON.parse(row.ids) as string[]) : (row.ids ?? []);
  return new Set(ids);
}

async function insertHolds(
  t: Tx,
  { variantId, offerId, expiresAt, actor }: BatchAt,
  rows: Req[],
): Promise<Set<string>> {
  const added = await t
    .insert(holds)
    .values(rows.map((r) => ({ ...r, variantId, offerId, expiresAt })))
    .onConflictDoNothing()
    .returning({ id: holds.id, ref: holds.ref, quantity: holds.quantity });
  if (added.length) {
    await t
      .insert(inventoryLedger)
      .values(
        added.map((r) =>
          ledgerRow(
            variantId,
            { available: -r.quantity, reserved: r.quantity, sold: 0 },
            "reserved",
            actor,
            r.ref,
          ),
        ),
      );
  }
  return new Set(added.map((r) => r.id));
}

async function takeInOrder(t: Tx, variantId: string, fresh: Req[]): Promise<Req[]> {
  if (!fresh.length) return [];
  const [level] = await t
    .select({ available: inventoryLevels.available })
    .from(inventoryLevels)
    .where(eq(inventoryLevels.variantId, variantId))
    .for("update");
  if (!level) {
    const known = await t.query.variants.findFirst({
      where: (v, { eq: is }) => is(v.id, variantId),
      columns: { id: true },
    });
    if (!known) throw new ReservationError("not_found", `unknown variant ${variantId}`);
    return [];
  }
  let left = level.available;
  // In order; a request too big for what is left is refused and smaller later ones may still fit.
  const take = fresh.filter((r) => r.quantity <= left && ((left -= r.quantity), true));
  const q = level.available - left;
  if (q > 0 && !(await moveStock(t, variantId, { available: -q, reserved: q, sold: 0 }, q))) {
    throw new Error(`stock for ${variantId} moved under its row lock`);
  }
  return take;
}
