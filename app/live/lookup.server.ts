import { eq } from "drizzle-orm";
import { flashSales } from "../../db/live-schema";
import { db } from "../lib/db.server";
import { SALE_CODE_PATTERN } from "./codes";

// A code names its sale for good: remembered once found; an unknown one is asked again after a while.
const known = new Map<string, string>();
const unknown = new Map<string, number>();
const UNKNOWN_MS = 5_000;
// A code being looked up: the storm's first thousand claims share one query, not a thousand.
const pending = new Map<string, Promise<string | null>>();

/** The sale behind a short code, or null (a malformed code never reaches the database). */
export async function saleIdForCode(code: string): Promise<string | null> {
  if (!SALE_CODE_PATTERN.test(code)) return null;
  const hit = known.get(code);
  if (hit) return hit;
  const missed = unknown.get(code);
  if (missed && Date.now() - missed < UNKNOWN_MS) return null;
  let lookup = pending.get(code);
  if (!lookup) {
    lookup = lookUp(code).finally(() => pending.delete(code));
    pending.set(code, lookup);
  }
  return lookup;
}

async function lookUp(code: string): Promise<string | null> {
  const [row] = await db()
    .select({ id: flashSales.id })
    .from(flashSales)
    .where(eq(flashSales.code, code));
  if (!row) {
    if (unknown.size > 10_000) unknown.clear();
    unknown.set(code, Date.now());
    return null;
  }
  known.set(code, row.id);
  return row.id;
}
