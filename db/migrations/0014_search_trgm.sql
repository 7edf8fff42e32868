-- Indexes for the storefront's substring search (ILIKE '%…%') over product and cooperative text.
-- pg_trgm's GIN index serves patterns with at least one 3-character run (赣南脐, navel); under the
-- C.UTF-8 ctype of both databases Chinese characters count as word characters, so Chinese trigrams
-- are indexed. A 1- or 2-character pattern (橙, 橙子) yields no trigram and would scan the table:
-- for those the hl_grams GIN index holds every 1- and 2-character piece of the lowercased text.
-- PGlite loads the extension through its constructor (app/lib/db.server.ts); PostgreSQL ships it
-- in contrib (CREATE EXTENSION needs a superuser or a trusted-extension grant: pg_trgm is trusted).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
-- Every 1- and 2-character piece of the lowercased text (duplicates kept: GIN stores each key once).
CREATE OR REPLACE FUNCTION hl_grams(t text) RETURNS text[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT u || ARRAY(SELECT u[i] || u[i + 1] FROM generate_series(1, cardinality(u) - 1) AS i)
  FROM string_to_array(lower(t), NULL) AS u
$$;
--> statement-breakpoint
-- The pieces a search term needs in the text: itself when it is 1 or 2 characters, else its
-- 2-character pieces (every one must be there for the term to be).
CREATE OR REPLACE FUNCTION hl_query_grams(q text) RETURNS text[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT CASE WHEN cardinality(u) <= 2 THEN ARRAY[lower(q)]
    ELSE ARRAY(SELECT u[i] || u[i + 1] FROM generate_series(1, cardinality(u) - 1) AS i) END
  FROM string_to_array(lower(q), NULL) AS u
$$;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "products_search_trgm_idx" ON "products" USING gin (
  ("name_zh" || E'\n' || "name_en" || E'\n' || "description_zh" || E'\n' || "description_en") gin_trgm_ops
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "products_search_grams_idx" ON "products" USING gin (
  hl_grams("name_zh" || E'\n' || "name_en" || E'\n' || "description_zh" || E'\n' || "description_en")
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "cooperatives_search_trgm_idx" ON "cooperatives" USING gin (
  ("name_zh" || E'\n' || "name_en" || E'\n' || "city_zh" || E'\n' || "city_en") gin_trgm_ops
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "cooperatives_search_grams_idx" ON "cooperatives" USING gin (
  hl_grams("name_zh" || E'\n' || "name_en" || E'\n' || "city_zh" || E'\n' || "city_en")
);
--> statement-breakpoint
-- Listings and the sitemap walk active products in listed order.
CREATE INDEX IF NOT EXISTS "products_listed_idx" ON "products" ("status", "created_at", "slug", "id");
