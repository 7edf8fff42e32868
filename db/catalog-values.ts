/*
 * A product's category and storage class: the columns in schema.ts are checked against these, and
 * forms, filters and the CSV format (client code too) list them. No drizzle here, so importing them
 * does not put the table definitions into a browser bundle.
 */
export const CATEGORIES = ["fruit", "vegetable", "grain", "pantry"] as const;
export type Category = (typeof CATEGORIES)[number];
export const STORAGE_CLASSES = ["ambient", "chilled"] as const;
export type StorageClass = (typeof STORAGE_CLASSES)[number];
