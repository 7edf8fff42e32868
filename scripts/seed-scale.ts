// Adds N synthetic cooperatives with products and packs, to try the catalog at platform scale.
// Runs on the configured database (PGLITE_DIR or DATABASE_URL, as the store does), after the
// migrations; each run adds cooperatives numbered after those a previous run made.
// `--cooperatives 7500` makes 7,500 cooperatives, 20,000 products and 45,000 packs (about 2.7
// products per cooperative, 2.25 packs per product) in a few set-based INSERT … SELECT statements.
// Names come from 40 kinds of produce and 20 producing places, so a term such as 橙 matches about
// one product in forty, as on a real catalog (not every row, as a clone of the demo would).
// Product images reuse the demo's, round-robin, when the demo catalog is there.
// Usage: tsx scripts/seed-scale.ts --cooperatives 7500
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { boot } from "../app/lib/boot.server";

const { values } = parseArgs({ options: { cooperatives: { type: "string", default: "7500" } } });
const count = Number(values.cooperatives);
if (!Number.isInteger(count) || count < 1 || count > 1_000_000) {
  console.error("--cooperatives must be a whole number from 1 to 1,000,000");
  process.exit(1);
}

// zh, en, category, storage class, shelf-life days, price per kg in fen
const PRODUCE: [string, string, string, string, number, number][] = [
  ["脐橙", "navel oranges", "fruit", "ambient", 30, 1200],
  ["沃柑", "Wogan mandarins", "fruit", "ambient", 25, 1400],
  ["砂糖橘", "sugar tangerines", "fruit", "ambient", 20, 1600],
  ["蜜柚", "honey pomelos", "fruit", "ambient", 60, 800],
  ["香水柠檬", "fragrant lemons", "fruit", "ambient", 40, 1000],
  ["红富士苹果", "Fuji apples", "fruit", "chilled", 60, 1000],
  ["雪花梨", "snow pears", "fruit", "chilled", 45, 900],
  ["巨峰葡萄", "Kyoho grapes", "fruit", "chilled", 10, 2400],
  ["猕猴桃", "kiwifruit", "fruit", "chilled", 30, 2000],
  ["水蜜桃", "honey peaches", "fruit", "chilled", 7, 2200],
  ["荔枝", "lychees", "fruit", "chilled", 5, 3000],
  ["芒果", "mangoes", "fruit", "ambient", 10, 1800],
  ["蓝莓", "blueberries", "fruit", "chilled", 10, 8000],
  ["草莓", "strawberries", "fruit", "chilled", 4, 6000],
  ["大樱桃", "sweet cherries", "fruit", "chilled", 7, 9000],
  ["红枣", "red dates", "pantry", "ambient", 365, 3000],
  ["核桃", "walnuts", "pantry", "ambient", 300, 4000],
  ["板栗", "chestnuts", "pantry", "ambient", 60, 2400],
  ["土豆", "potatoes", "vegetable", "ambient", 60, 400],
  ["红薯", "sweet potatoes", "vegetable", "ambient", 60, 500],
  ["铁棍山药", "Chinese yam", "vegetable", "ambient", 45, 1200],
  ["番茄", "tomatoes", "vegetable", "chilled", 10, 800],
  ["黄瓜", "cucumbers", "vegetable", "chilled", 7, 600],
  ["大白菜", "napa cabbage", "vegetable", "chilled", 20, 300],
  ["白萝卜", "white radishes", "vegetable", "chilled", 30, 300],
  ["贝贝南瓜", "Beibei pumpkins", "vegetable", "ambient", 90, 400],
  ["甜玉米", "sweet corn", "vegetable", "chilled", 7, 700],
  ["小米", "foxtail millet", "grain", "ambient", 365, 1600],
  ["稻花香大米", "fragrant rice", "grain", "ambient", 365, 1200],
  ["糯米", "glutinous rice", "grain", "ambient", 365, 1400],
  ["黑米", "black rice", "grain", "ambient", 365, 2000],
  ["荞麦", "buckwheat", "grain", "ambient", 365, 1500],
  ["燕麦米", "oat groats", "grain", "ambient", 365, 1300],
  ["土蜂蜜", "wild honey", "pantry", "ambient", 730, 8000],
  ["高山绿茶", "highland green tea", "pantry", "ambient", 540, 30000],
  ["干香菇", "dried shiitake", "pantry", "ambient", 365, 9000],
  ["黑木耳", "black fungus", "pantry", "ambient", 365, 10000],
  ["红皮花生", "red-skin peanuts", "pantry", "ambient", 180, 1600],
  ["菜籽油", "rapeseed oil", "pantry", "ambient", 365, 3000],
  ["干辣椒", "dried chillies", "pantry", "ambient", 365, 5000],
];
// zh, en, province code
const PLACES: [string, string, string][] = [
  ["赣州", "Ganzhou", "36"],
  ["遂宁", "Suining", "51"],
  ["忻州", "Xinzhou", "14"],
  ["大理", "Dali", "53"],
  ["阿克苏", "Aksu", "65"],
  ["茂名", "Maoming", "44"],
  ["衢州", "Quzhou", "33"],
  ["烟台", "Yantai", "37"],
  ["延安", "Yan'an", "61"],
  ["百色", "Baise", "45"],
  ["怀化", "Huaihua", "43"],
  ["宜昌", "Yichang", "42"],
  ["五常", "Wuchang", "23"],
  ["延边", "Yanbian", "22"],
  ["天水", "Tianshui", "62"],
  ["遵义", "Zunyi", "52"],
  ["安康", "Ankang", "61"],
  ["眉山", "Meishan", "51"],
  ["黄山", "Huangshan", "34"],
  ["临沂", "Linyi", "37"],
];
const VILLAGES: [string, string][] = [
  ["青山", "Qingshan"],
  ["石桥", "Shiqiao"],
  ["柳溪", "Liuxi"],
  ["云岭", "Yunling"],
  ["桃源", "Taoyuan"],
  ["白沙", "Baisha"],
  ["松坪", "Songping"],
  ["龙井", "Longjing"],
  ["花溪", "Huaxi"],
  ["金田", "Jintian"],
  ["长坡", "Changpo"],
  ["双河", "Shuanghe"],
];

/** A VALUES list of constants (our own vocabulary, not input), numbered from 1 as column n. */
const literal = (v: string | number) =>
  typeof v === "number" ? String(Math.trunc(v)) : `'${v.replace(/'/g, "''")}'`;
const values2 = (rows: (string | number)[][]) =>
  sql.raw(rows.map((r, n) => `(${[n + 1, ...r].map(literal).join(", ")})`).join(", "));
const n = (x: number) => sql.raw(String(Math.trunc(x)));

const handle = await boot().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
const started = Date.now();
try {
  await handle.db.transaction(async (tx) => {
    const {
      rows: [{ done }],
    } = (await tx.execute(
      sql`select coalesce(max(substring(slug from '^scale-coop-([0-9]+)$')::int), 0) as done
          from cooperatives where slug like 'scale-coop-%'`,
    )) as unknown as { rows: [{ done: number }] };
    // Building the search indexes once after the rows is several times faster than growing
    // them row by row: take them down (their definitions as the database has them), put back after.
    const { rows: searchIndexes } = (await tx.execute(
      sql`select indexname, indexdef from pg_indexes
          where schemaname = current_schema() and indexname like '%\_search\_%\_idx'`,
    )) as unknown as { rows: { indexname: string; indexdef: string }[] };
    for (const { indexname } of searchIndexes)
      await tx.execute(sql.raw(`drop index "${indexname.replace(/"/g, '""')}"`));
    const from = Number(done) + 1;
    const to = Number(done) + count;
    // Cooperative i has 2 products, and a third when i % 3 != 0 (2.67 on average).
    const vocab = sql`
      produce(n, zh, en, category, storage, shelf, per_kg) as (values ${values2(PRODUCE)}),
      places(n, zh, en, province) as (values ${values2(PLACES)}),
      villages(n, zh, en) as (values ${values2(VILLAGES)}),
      coops as (
        select i, pl.zh as place_zh, pl.en as place_en, pl.province, vi.zh as village_zh,
               vi.en as village_en
        from generate_series(${n(from)}, ${n(to)}) as i
        join places pl on pl.n = 1 + i % ${n(PLACES.length)}
        join villages vi on vi.n = 1 + (i / ${n(PLACES.length)}) % ${n(VILLAGES.length)}
      ),
      prods as (
        select c.*, k, pr.zh as produce_zh, pr.en as produce_en, pr.category, pr.storage,
               pr.shelf, pr.per_kg
        from coops c
        cross join generate_series(1, 3) as k
        join produce pr on pr.n = 1 + (c.i * 7 + k * 13) % ${n(PRODUCE.length)}
        where k <= 2 or c.i % 3 <> 0
      )`;
    await tx.execute(sql`
      with ${vocab}
      insert into cooperatives (id, slug, name_zh, name_en, tagline_zh, tagline_en, province_code,
        city_zh, city_en, address_zh, address_en, contact_name, contact_phone, contact_email,
        handling_days, created_at, updated_at)
      select 'coop_scale_' || i, 'scale-coop-' || i,
        place_zh || village_zh || '村果蔬合作社', village_en || ' Village Co-op, ' || place_en,
        place_zh || '产地直发', 'Shipped from ' || place_en, province, place_zh, place_en,
        place_zh || village_zh || '村' || (i % 90 + 1) || '号', (i % 90 + 1) || ' ' || village_en || ' Village, ' || place_en,
        '联系人' || i, '1390000' || lpad((i % 10000)::text, 4, '0'), 'coop' || i || '@scale.example',
        1 + i % 3, now() - interval '1 year' + i * interval '1 second', now()
      from coops`);
    await tx.execute(sql`
      with ${vocab}
      insert into products (id, cooperative_id, slug, name_zh, name_en, description_zh,
        description_en, category, season_months, storage_class, shelf_life_days, created_at, updated_at)
      select 'prd_scale_' || i || '_' || k, 'coop_scale_' || i, 'scale-' || i || '-' || k,
        place_zh || produce_zh, place_en || ' ' || produce_en,
        place_zh || village_zh || '村的' || produce_zh || '，当季采收，合作社分拣装箱，产地直发。',
        produce_en || ' from ' || village_en || ' village in ' || place_en || ': picked in season, graded and boxed by the co-op, shipped from the farm.',
        category, array[1 + i % 12, 1 + (i + 1) % 12, 1 + (i + 2) % 12]::smallint[], storage, shelf,
        now() - interval '1 year' + i * interval '1 second' + k * interval '1 millisecond', now()
      from prods`);
    // Packs: 2 per product, a third when (i + k) % 4 = 0 (2.25 on average).
    await tx.execute(sql`
      with ${vocab},
      packs as (
        select p.*, v, (array[2500, 5000, 10000])[v] as grams from prods p
        cross join generate_series(1, 3) as v
        where v <= 2 or (p.i + p.k) % 4 = 0
      )
      insert into variants (id, product_id, sku, label_zh, label_en, net_weight_g,
        shipping_weight_g, length_mm, width_mm, height_mm, price_fen, compare_at_fen, position)
      select 'var_scale_' || i || '_' || k || '_' || v, 'prd_scale_' || i || '_' || k,
        'SC-' || i || '-' || k || '-' || v, (grams / 500) || '斤装', (grams / 1000.0) || ' kg box',
        grams, grams + 300, 300, 200, 100 + 50 * v,
        (per_kg * grams / 1000 * (1 - 0.05 * (v - 1)))::int + (i % 7) * 10 + 90,
        case when i % 5 = 0 then (per_kg * grams / 1000 * 1.2)::int + 200 end, v - 1
      from packs`);
    await tx.execute(sql`
      insert into inventory_levels (variant_id, available)
      select id, 20 + (hashtext(id) & 255) from variants
      where id like 'var_scale_%' and id not in (select variant_id from inventory_levels)`);
    // The demo's product photos, round-robin, so cards and pages weigh what real ones do.
    await tx.execute(sql`
      with photos as (
        select media_id, row_number() over (order by media_id) - 1 as n, count(*) over () as total
        from (select distinct media_id from product_images where product_id not like 'prd_scale_%') m
      )
      insert into product_images (product_id, media_id, position, alt_zh, alt_en)
      select p.id, ph.media_id, 0, p.name_zh, p.name_en
      from products p
      join photos ph on ph.n = abs(hashtext(p.id)) % ph.total
      where p.id like 'prd_scale_%' and p.created_at is not null
        and not exists (select 1 from product_images pi where pi.product_id = p.id)`);
    for (const { indexdef } of searchIndexes) await tx.execute(sql.raw(indexdef));
  });
  // Pending GIN entries merged and statistics fresh, as autovacuum would leave them (PGlite
  // runs no autovacuum); VACUUM cannot run inside the transaction.
  await handle.db.execute(
    sql`vacuum analyze cooperatives, products, variants, inventory_levels, product_images`,
  );
  const {
    rows: [totals],
  } = (await handle.db.execute(
    sql`select (select count(*) from cooperatives)::int as cooperatives,
               (select count(*) from products)::int as products,
               (select count(*) from variants)::int as packs`,
  )) as unknown as { rows: [{ cooperatives: number; products: number; packs: number }] };
  console.log(
    `added ${count} cooperatives in ${((Date.now() - started) / 1000).toFixed(1)} s; the catalog now has ${totals.cooperatives} cooperatives, ${totals.products} products, ${totals.packs} packs`,
  );
} finally {
  await handle.close();
}
