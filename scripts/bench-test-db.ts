// How long one test database takes to make on embedded PGlite, the way tests/setup/test-db.ts
// makes it and the ways it used to: wall and CPU milliseconds per database (median of --rounds).
// CPU time is the figure to compare when other processes share the cores.
// Usage: tsx scripts/bench-test-db.ts [--rounds 9]
import { parseArgs } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import { openPglite } from "~/lib/db.server";
import { buildPgliteTemplate, openFromTemplate } from "../tests/setup/pglite-template";

const { values } = parseArgs({ options: { rounds: { type: "string", default: "9" } } });
const rounds = Number(values.rounds);

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!;

async function measure(label: string, open: () => Promise<PGlite>) {
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const [w, c] = [performance.now(), cpuMs()];
    const pg = await open();
    await pg.query("select count(*) from pg_class");
    walls.push(performance.now() - w);
    cpus.push(cpuMs() - c);
    await pg.close();
  }
  console.log(
    `${label.padEnd(44)} wall ${median(walls).toFixed(0).padStart(5)} ms   cpu ${median(cpus).toFixed(0).padStart(5)} ms`,
  );
}

async function once(label: string, fn: () => Promise<unknown>) {
  const [w, c] = [performance.now(), cpuMs()];
  await fn();
  console.log(
    `${label.padEnd(44)} wall ${(performance.now() - w).toFixed(0).padStart(5)} ms   cpu ${(cpuMs() - c).toFixed(0).padStart(5)} ms`,
  );
}

const legacy = await openPglite("memory://");
await once("migrated PGlite (initdb + migrations)", async () => {
  const h = await openPglite("memory://");
  await h.migrate();
  await h.close();
});
await legacy.migrate();
await measure(
  "clone() of a migrated PGlite (before)",
  () => legacy.pglite!.clone() as Promise<PGlite>,
);
const tar = await legacy.pglite!.dumpDataDir("none");
await measure("loadDataDir of its tar", () => PGlite.create({ loadDataDir: tar }));
let template!: Awaited<ReturnType<typeof buildPgliteTemplate>>;
await once("test template (once per run)", async () => (template = await buildPgliteTemplate()));
await measure("openFromTemplate (tests/setup/test-db.ts)", () => openFromTemplate(template));
await legacy.close();
