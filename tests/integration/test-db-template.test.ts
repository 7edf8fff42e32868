import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, inject, it } from "vitest";
import { createTestDatabase } from "../setup/test-db";
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
