import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { buildPgliteTemplate, saveTemplate } from "./pglite-template";

declare module "vitest" {
  export interface ProvidedContext {
    /** The migrated PGlite template's file for this run ("" on PostgreSQL: each worker copies a server template). */
    pgliteTemplate: string;
  }
}

/** Once per run, before any worker starts: migrate one PGlite and hand its file to every worker. */
export default async function setup(project: TestProject) {
  if (process.env.DATABASE_URL) {
    project.provide("pgliteTemplate", "");
    return;
  }
  const dir = await mkdtemp(path.join(tmpdir(), "harvest-pglite-"));
  const file = path.join(dir, "template.tar");
  await saveTemplate(file, await buildPgliteTemplate());
  project.provide("pgliteTemplate", file);
  return () => rm(dir, { recursive: true, force: true });
}
