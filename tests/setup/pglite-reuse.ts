import type { PGlite } from "@electric-sql/pglite";

/*
 * One PGlite per worker (per file while files are isolated), put back to the template's state
 * before each test instead of opening a new copy of the template (~250 ms each on this machine;
 * the reset is a few ms). What the reset restores: every public table's rows as the template has
 * them (empty, or the rows the migrations seed, in the template's order), every sequence at the
 * template's value, and a fresh session (DISCARD ALL). A database whose schema changed, or that a
 * test left inside a transaction, is not reset but replaced by a new copy.
 */

export interface Baseline {
  tables: string[];
  seeded: Array<{ table: string; rows: string }>;
  sequences: Array<{ name: string; value: string | null; start: string }>;
  catalog: string;
}

// Counts over the catalogs a test could change with DDL (tables, columns, functions, triggers, constraints).
const CATALOG_SQL = `select concat_ws(',', (select count(*) from pg_class), (select count(*) from pg_attribute),
  (select count(*) from pg_proc), (select count(*) from pg_trigger), (select count(*) from pg_constraint)) as catalog`;

/** What the freshly opened template holds; read once per file. */
export async function readBaseline(pglite: PGlite): Promise<Baseline> {
  const tables = (
    await pglite.query<{ name: string }>(
      "select format('%I.%I', schemaname, tablename) as name from pg_tables where schemaname = 'public' order by 1",
    )
  ).rows.map((r) => r.name);
  const seeded: Baseline["seeded"] = [];
  for (const table of tables) {
    // Without ORDER BY: the template's physical order, which a restore by insertion reproduces.
    const { rows } = await pglite.query<{ rows: string | null }>(
      `select json_agg(t)::text as rows from ${table} t`,
    );
    if (rows[0]!.rows) seeded.push({ table, rows: rows[0]!.rows });
  }
  const sequences = (
    await pglite.query<{ name: string; value: string | null; start: string }>(
      "select format('%I.%I', schemaname, sequencename) as name, last_value::text as value, start_value::text as start from pg_sequences where schemaname = 'public'",
    )
  ).rows;
  const catalog = (await pglite.query<{ catalog: string }>(CATALOG_SQL)).rows[0]!.catalog;
  return { tables, seeded, sequences, catalog };
}

/** Puts `pglite` back to `baseline`; false if it cannot be (closed, mid-transaction, schema changed). */
export async function resetToBaseline(pglite: PGlite, baseline: Baseline): Promise<boolean> {
  if (pglite.closed || pglite.isInTransaction()) return false;
  await pglite.exec("discard all");
  if ((await pglite.query<{ catalog: string }>(CATALOG_SQL)).rows[0]!.catalog !== baseline.catalog)
    return false;
  const seeded = new Set(baseline.seeded.map((s) => s.table));
  const written = (
    await pglite.query<{ name: string }>(
      baseline.tables
        .filter((t) => !seeded.has(t))
        .map((t) => `select '${t}' as name where exists (select 1 from ${t})`)
        .join(" union all "),
    )
  ).rows.map((r) => r.name);
  // Replica mode: no foreign-key checks or triggers while the rows go, so any order works.
  await pglite.transaction(async (tx) => {
    await tx.exec("set local session_replication_role = replica");
    for (const table of [...written, ...seeded]) await tx.exec(`delete from ${table}`);
    for (const { table, rows } of baseline.seeded)
      await tx.query(
        `insert into ${table} select * from json_populate_recordset(null::${table}, $1::json)`,
        [rows],
      );
    if (baseline.sequences.length)
      await tx.query(
        `select ${baseline.sequences
          .map((s, i) =>
            s.value === null
              ? `setval('${s.name}', $${i + 1}::bigint, false)`
              : `setval('${s.name}', $${i + 1}::bigint, true)`,
          )
          .join(", ")}`,
        baseline.sequences.map((s) => s.value ?? s.start),
      );
  });
  return true;
}
