import { db, type Database } from "../lib/db.server";

/**
 * Public catalog reads are the same for every visitor, and a livestream sends thousands of
 * them at once. Each result is kept for TTL_MS per database, and concurrent misses share one
 * query. Nothing that decides a sale reads through here: the cart and checkout read stock live.
 */
export const CATALOG_TTL_MS = 2_000;
const MAX_ENTRIES = 5_000;

interface Entry {
  expires: number;
  value: Promise<unknown>;
}
const perDatabase = new WeakMap<Database, Map<string, Map<string, Entry>>>();

/**
 * `bucket` keeps reads whose keys come from shoppers' free text (search terms) apart, with their
 * own bound: someone walking made-up terms then empties only that bucket, never the catalog's.
 */
export function cachedRead<T>(
  key: string,
  load: () => Promise<T>,
  { bucket = "catalog", maxEntries = MAX_ENTRIES }: { bucket?: string; maxEntries?: number } = {},
): Promise<T> {
  const database = db();
  let buckets = perDatabase.get(database);
  if (!buckets) perDatabase.set(database, (buckets = new Map()));
  let entries = buckets.get(bucket);
  if (!entries) buckets.set(bucket, (entries = new Map()));
  const now = Date.now();
  const hit = entries.get(key);
  if (hit && hit.expires > now) return hit.value as Promise<T>;
  const value = load();
  entries.set(key, { expires: now + CATALOG_TTL_MS, value });
  // A failed read is not remembered.
  value.catch(() => entries.get(key)?.value === value && entries.delete(key));
  if (entries.size > maxEntries) {
    for (const [k, e] of entries) if (e.expires <= now) entries.delete(k);
    // Still full within one TTL means someone is walking made-up URLs: start over.
    if (entries.size > maxEntries) entries.clear();
  }
  return value;
}

/** Called by code that changes the catalog, so this process shows the change at once. */
export function invalidateCatalog(): void {
  perDatabase.delete(db());
}
