import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { inventoryLedger, inventoryLevels, inventoryReservations as holds } from "../../db/schema";
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

export type BatchResult = { ref: string; ok: true; reservationId: string } | { ref: string; ok: false; error: "sold_out" };

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
  const granted = await atomically(a.tx, async (t) => {
    const refs = [...new Set(input.requests.map((r) => r.ref))];
    const known = new Map<string, string>();
    const prior = await t
      .select({ id: holds.id, ref: holds.ref })
      .from(holds)
      .where(and(eq(holds.variantId, variantId), inArray(holds.ref, refs)));
    for (const p of prior) known.set(p.ref, p.id);
    // First occurrence of each new ref; a repeat inside the batch is a replay of it.
    const seen = new Set<string>();
    const fresh = input.requests.filter((r) => !known.has(r.ref) && !seen.has(r.ref) && (seen.add(r.ref), true));
    const take = await takeInOrder(t, variantId, fresh);
    if (!take.length) return known;
    const rows = take.map((r) => ({ id: newId("rsv"), variantId, ref: r.ref, quantity: r.quantity, expiresAt }));
    const added = new Set(
      (await t.insert(holds).values(rows).onConflictDoNothing().returning({ id: holds.id })).map((r) => r.id),
    );
    // A ref committed by another call after our read: give its units back, answer with that call's hold.
    const lost = rows.filter((r) => !added.has(r.id));
    if (lost.length) {
      const q = lost.reduce((s, r) => s + r.quantity, 0);
      await moveStock(t, variantId, { available: q, reserved: -q, sold: 0 });
      const theirs = await t
        .select({ id: holds.id, ref: holds.ref })
        .from(holds)
        .where(and(eq(holds.variantId, variantId), inArray(holds.ref, lost.map((r) => r.ref))));
      for (const p of theirs) known.set(p.ref, p.id);
    }
    const kept = rows.filter((r) => added.has(r.id));
    for (const r of kept) known.set(r.ref, r.id);
    if (kept.length) {
      await t
        .insert(inventoryLedger)
        .values(kept.map((r) => ledgerRow(variantId, { available: -r.quantity, reserved: r.quantity, sold: 0 }, "reserved", actor, r.ref)));
    }
    return known;
  });
  return input.requests.map((r): BatchResult => {
    const id = granted.get(r.ref);
    return id ? { ref: r.ref, ok: true, reservationId: id } : { ref: r.ref, ok: false, error: "sold_out" };
  });
}

async function takeInOrder(t: Tx, variantId: string, fresh: { ref: string; quantity: number }[]): Promise<{ ref: string; quantity: number }[]> {
  if (!fresh.length) return [];
  const total = fresh.reduce((s, r) => s + r.quantity, 0);
  const all = { available: -total, reserved: total, sold: 0 };
  if (await moveStock(t, variantId, all, total)) return fresh;
  const [level] = await t
    .select({ available: inventoryLevels.available })
    .from(inventoryLevels)
    .where(eq(inventoryLevels.variantId, variantId))
    .for("update");
  if (!level) {
    const known = await t.query.variants.findFirst({ where: (v, { eq: is }) => is(v.id, variantId), columns: { id: true } });
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
