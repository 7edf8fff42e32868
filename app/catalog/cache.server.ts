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
const perDatabase = new WeakMap<Database, Map<string, Entry>>();

export function cachedRead<T>(key: string, load: () => Promise<T>): Promise<T> {
  const database = db();
  let entries = perDatabase.get(database);
  if (!entries) perDatabase.set(database, (entries = new Map()));
  const now = Date.now();
  const hit = entries.get(key);
  if (hit && hit.expires > now) return hit.value as Promise<T>;
  const value = load();
  entries.set(key, { expires: now + CATALOG_TTL_MS, value });
  // A failed read is not remembered.
  value.catch(() => entries.get(key)?.value === value && entries.delete(key));
  if (entries.size > MAX_ENTRIES) {
    for (const [k, e] of entries) if (e.expires <= now) entries.delete(k);
    // Still full within one TTL means someone is walking made-up URLs: start over.
    if (entries.size > MAX_ENTRIES) entries.clear();
  }
  return value;
}

/** Called by code that changes the catalog, so this process shows the change at once. */
export function invalidateCatalog(): void {
  perDatabase.delete(db());
}
