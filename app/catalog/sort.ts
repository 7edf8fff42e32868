// Listing orders; the database applies them (orderFor in catalog.server.ts), so pages stay true.
export const SORTS = ["featured", "price-asc", "price-desc", "per-kg"] as const;
export type Sort = (typeof SORTS)[number];
