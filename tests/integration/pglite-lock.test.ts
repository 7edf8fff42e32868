import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openPglite } from "~/lib/db.server";

const root = mkdtempSync(path.join(tmpdir(), "hl-lock-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("embedded database directory", () => {
  it("refuses a second opener while the first holds it, and frees it on close", async () => {
    const dir = path.join(root, "one");
    const first = await openPglite(dir);
    await expect(openPglite(dir)).rejects.toThrow(`in use by process ${process.pid}`);
    await first.close();
    const again = await openPglite(dir);
    await again.close();
  });

  it("takes over a lock left by a process that died", async () => {
    const dir = path.join(root, "two");
    writeFileSync(`${dir}.lock`, "999999999");
    const handle = await openPglite(dir);
    await handle.migrate();
    await handle.close();
  });
});
