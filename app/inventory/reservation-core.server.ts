import { and, eq, gte, sql } from "drizzle-orm";
import { z } from "zod";
import { type inventoryLedger, inventoryLevels } from "../../db/schema";
import { db, type Executor, type Tx } from "../lib/db.server";

/** Shared by reservations.server.ts and reservation-batch.server.ts: validation, transactions, guarded moves. */

/** `offerId` names the offer the units are sold under; without one, the variant's standard offer. */
export type ReserveLine = { variantId: string; offerId?: string; quantity: number };
export type ReserveOutcome =
  | { ok: true; reservations: { id: string; variantId: string; quantity: number }[] }
  | {
      ok: false;
      error: "sold_out" | "insufficient" | "not_found";
      variantId: string;
      available: number;
    };

/** Input a caller should have validated already (bad quantity, empty ref, …): a bug, not an outcome. */
export class ReservationError extends Error {
  constructor(
    readonly code: "invalid" | "not_found",
    message: string,
  ) {
    super(message);
  }
}

export const MAX_RESERVE_QUANTITY = 10_000_000;
export const MAX_LINES = 500;
export const refSchema = z
  .string()
  .min(1)
  .max(200)
  .refine((s) => !s.includes("\u0000"));
export const actorSchema = z.string().trim().min(1).max(320);
export const reasonSchema = z.string().trim().min(1).max(500);
export const quantitySchema = z.number().int().min(1).max(MAX_RESERVE_QUANTITY);
export const dateSchema = z.date().refine((d) => !Number.isNaN(d.getTime()));
/** What owns a hold: `order`, later `claim`, `presale_allocation`, `group_join`. */
export const ownerKindSchema = z.string().regex(/^[a-z][a-z_]{0,39}$/);
export const reserveInputSchema = z.object({
  ref: refSchema,
  owner: ownerKindSchema.default("order"),
  lines: z
    .array(
      z.object({ variantId: refSchema, offerId: refSchema.optional(), quantity: quantitySchema }),
    )
    .min(1)
    .max(MAX_LINES),
  /** Null: held until released. */
  expiresAt: dateSchema.nullable(),
  actor: actorSchema,
});

export function parseInput<T extends z.ZodTypeAny>(schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ReservationError(
      "invalid",
      `invalid reservation input at ${issue.path.join(".") || "(root)"}: ${issue.message}`,
    );
  }
  return parsed.data;
}

/** In the caller's transaction (as a savepoint, so a refusal undoes only our writes) or a new one. */
export function atomically<T>(tx: Executor | undefined, fn: (t: Tx) => Promise<T>): Promise<T> {
  return tx ? tx.transaction(fn) : db().transaction(fn);
}

/** Thrown inside a transaction to roll it back and still answer with a plain outcome. */
export class Rollback<T> extends Error {
  constructor(readonly outcome: T) {
    super("rollback");
  }
}

export async function orRollback<T>(
  tx: Executor | undefined,
  fn: (t: Tx) => Promise<T>,
): Promise<T> {
  try {
    return await atomically(tx, fn);
  } catch (error) {
    if (error instanceof Rollback) return error.outcome as T;
    throw error;
  }
}

/** Someone reserved the same (ref, variant) between our read and our insert: start over, it is a replay now. */
export class Replayed extends Error {}

export type LedgerRow = typeof inventoryLedger.$inferInsert;
export type Move = { available: number; reserved: number; sold: number };

/** One guarded statement; `guardAvailable` refuses (returns null) unless that much is available. */
export async function moveStock(
  t: Tx,
  variantId: string,
  d: Move,
  guardAvailable?: number,
): Promise<{ available: number } | null> {
  const l = inventoryLevels;
  const [row] = await t
    .update(l)
    .set({
      available: sql`${l.available} + ${d.available}`,
      reserved: sql`${l.reserved} + ${d.reserved}`,
      sold: sql`${l.sold} + ${d.sold}`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(l.variantId, variantId),
        guardAvailable === undefined ? undefined : gte(l.available, guardAvailable),
      ),
    )
    .returning({ available: l.available });
  return row ?? null;
}

/** Why a guarded take missed: no level row (unknown variant, or a variant never stocked) or too little. */
export async function shortfall(
  t: Tx,
  variantId: string,
): Promise<{ error: "sold_out" | "insufficient" | "not_found"; available: number }> {
  const [level] = await t
    .select({ available: inventoryLevels.available })
    .from(inventoryLevels)
    .where(eq(inventoryLevels.variantId, variantId));
  if (level)
    return { error: level.available > 0 ? "insufficient" : "sold_out", available: level.available };
  const known = await t.execute(sql`select 1 from variants where id = ${variantId}`);
  return {
    error: (known as unknown as { rows: unknown[] }).rows.length ? "sold_out" : "not_found",
    available: 0,
  };
}

export function ledgerRow(
  variantId: string,
  d: Move,
  reason: string,
  actor: string,
  ref: string,
): LedgerRow {
  return {
    variantId,
    availableDelta: d.available,
    reservedDelta: d.reserved,
    soldDelta: d.sold,
    reason,
    actor,
    ref,
  };
}
