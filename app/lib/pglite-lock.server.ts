import { readFileSync, rmSync, writeFileSync } from "node:fs";

/**
 * PGlite keeps its files open in one process; a second process opening the same directory
 * (say `npm run db:seed` while the store runs) would corrupt it. A pid file next to the data
 * directory refuses the second opener with a clear message; a stale one is taken over.
 */
export function lockDataDirectory(dir: string): () => void {
  const file = `${dir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: "wx" });
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(readFileSync(file, "utf8").trim());
      if (holder && isAlive(holder)) {
        throw new Error(
          `The embedded database at ${dir} is in use by process ${holder}. Stop that process first, or set DATABASE_URL to share a PostgreSQL server.`,
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not lock ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
