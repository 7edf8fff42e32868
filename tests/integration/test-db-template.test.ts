import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, inject, it } from "vitest";
import { db } from "~/lib/db.server";
import { createProduct } from "../factories/catalog";
import { createUser } from "../factories/users";
import { createTestDatabase, withTestDatabase } from "../setup/test-db";
import { loadTemplate } from "../setup/pglite-template";

const count = async (h: Awaited<ReturnType<typeof createTestDatabase>>, table: string) => {
  const res = (await h.db.execute(
    sql.raw(`select count(*)::int as n from ${table}`),
  )) as unknown as {
    rows: { n: number }[];
  };
  return Number(res.rows[0]!.n);
};

describe("test databases", () => {
  it("start migrated and empty, and one's writes never reach the template or the next", async () => {
    const file = inject("pgliteTemplate");
    const digest = async () =>
      file
        ? createHash("sha256")
            .update(await loadTemplate(file))
            .digest("hex")
        : "";
    const before = await digest();

    const first = await createTestDatabase();
    expect(await count(first, "cooperatives")).toBe(0);
    await first.db.execute(sql`create table scratch (n int)`);
    await first.db.execute(sql`insert into scratch values (1), (2)`);
    await first.db.execute(sql`update variants set status = status`);
    expect(await count(first, "scratch")).toBe(2);
    await first.close();

    const second = await createTestDatabase();
    try {
      expect(await count(second, "cooperatives")).toBe(0);
      await expect(count(second, "scratch")).rejects.toThrow();
      // Migrated: the journal lists every migration.
      const res = (await second.db.execute(
        sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
      )) as unknown as { rows: { n: number }[] };
      expect(Number(res.rows[0]!.n)).toBeGreaterThan(0);
    } finally {
      await second.close();
    }
    expect(await digest()).toBe(before);
  });
});

/** Every public table's rows (sorted: physical order is no part of a table's contents), and every sequence's next value, as one string. */
async function contents(h: Awaited<ReturnType<typeof createTestDatabase>>): Promise<string> {
  const rows = async (query: ReturnType<typeof sql>) =>
    ((await h.db.execute(query)) as unknown as { rows: Record<string, unknown>[] }).rows;
  const tables = await rows(
    sql`select format('%I.%I', schemaname, tablename) as name from pg_tables where schemaname = 'public' order by 1`,
  );
  const out: unknown[] = [];
  for (const { name } of tables)
    out.push(
      name,
      await rows(
        sql.raw(`select json_agg(t order by t::text)::text as rows from ${String(name)} t`),
      ),
    );
  out.push(
    await rows(
      sql`select sequencename, last_value::text from pg_sequences where schemaname = 'public' order by 1`,
    ),
  );
  return JSON.stringify(out);
}

// The two tests run in order: the second sees the database the first wrote to, after the reset.
describe("a file's tests share one PGlite, reset to the template between them", () => {
  const database = withTestDatabase();
  let written = false;

  it("lets a test write anywhere: rows, the seeded tariffs, sequences, session settings", async () => {
    const { product } = await createProduct();
    await createUser({ memberOf: [{ cooperativeId: product.cooperativeId }] });
    await db().execute(sql`update shipping_tariffs set first_fen = first_fen + 1`);
    await db().execute(sql`delete from shipping_services where service = 'express'`);
    await db().execute(sql`select nextval('tracking_serial_seq'), nextval('jobs_id_seq')`);
    await db().execute(sql`set statement_timeout = 1234`);
    expect(await count(database.handle, "offers")).toBeGreaterThan(0);
    written = true;
  });

  it("starts the next test with exactly what a new copy of the template holds", async () => {
    expect(written).toBe(true);
    const fresh = await createTestDatabase();
    try {
      expect(await contents(database.handle)).toBe(await contents(fresh));
    } finally {
      await fresh.close();
    }
    const setting = (await db().execute(sql`show statement_timeout`)) as unknown as {
      rows: { statement_timeout: string }[];
    };
    expect(setting.rows[0]!.statement_timeout).toBe("0");
  });
});
