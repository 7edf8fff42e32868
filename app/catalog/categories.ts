// The categories without the zod schemas around them: components in the browser bundle import
// them from here, so the storefront's JavaScript carries no zod (~14 KiB gzipped).
export { CATEGORIES, type Category } from "../../db/catalog-values";
