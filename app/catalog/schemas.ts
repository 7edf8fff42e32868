import { z } from "zod";
import { CATEGORIES } from "../../db/catalog-values";
import { SORTS } from "./sort";

// The database owns the values (db/ imports nothing from app/); forms and pages take them from here.
export {
  CATEGORIES,
  STORAGE_CLASSES,
  type Category,
  type StorageClass,
} from "../../db/catalog-values";

export const slugSchema = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);

/** Query string of /search: all optional, unknown categories are ignored rather than fatal. */
export const searchQuerySchema = z.object({
  q: z
    .string()
    .trim()
    .max(100)
    .optional()
    // PostgreSQL refuses U+0000 in a parameter: drop NULs rather than fail the search.
    .transform((v) => v?.split("\u0000").join("").trim() || undefined),
  category: z.enum(CATEGORIES).optional().catch(undefined),
  sort: z.enum(SORTS).catch("featured"),
  // Counted from 1; anything that is not a sensible page number shows the first page.
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
