import { readdir } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

/*
 * How a module that announces (payments, shipping, the job runner) reaches the handlers the modules
 * above it register, without importing them (docs/module-seams.md). Each domain registers in files
 * named `app/<domain>/jobs.server.ts` or `app/<domain>/on-<what>.server.ts`; nothing imports those
 * files but `loadRegistrations`, which finds them on disk, so a new domain adds a file and edits no
 * list.
 *
 * Handlers live on globalThis: server.ts (under tsx, running the job worker) and the Remix build
 * are two copies of every module, and a webhook answered inside the build must find what the
 * server's copy registered (the database handle is shared the same way, app/lib/db.server.ts).
 */

export const APP_DIR = path.resolve(process.cwd(), "app");
const REGISTRATION_FILE = /^(?:jobs|on-[a-z0-9]+(?:-[a-z0-9]+)*)\.server\.ts$/;

type Registries = Map<string, Map<string, unknown>>;
const holder = globalThis as typeof globalThis & {
  __harvestRegistries?: Registries;
  __harvestRegistrations?: Promise<string[]>;
};
const registries = (): Registries => (holder.__harvestRegistries ??= new Map());

export interface Registry<H> {
  /** Throws if `key` already has a handler: two modules claiming one kind is a bug to see at once. */
  register(key: string, handler: H): void;
  /** The handler for `key` after every registration file has loaded, or undefined. */
  find(key: string): Promise<H | undefined>;
  /** Like `find`, but a key nobody registered throws: an announcement is never silently dropped. */
  require(key: string): Promise<H>;
}

/** The registry called `name` (one per announcing module, e.g. "payment outcome"). */
export function registry<H>(name: string): Registry<H> {
  const entries = (): Map<string, H> => {
    let map = registries().get(name);
    if (!map) registries().set(name, (map = new Map()));
    return map as Map<string, H>;
  };
  return {
    register(key, handler) {
      if (entries().has(key)) throw new Error(`${name} "${key}" is registered twice`);
      entries().set(key, handler);
    },
    async find(key) {
      await loadRegistrations();
      return entries().get(key);
    },
    async require(key) {
      await loadRegistrations();
      const handler = entries().get(key);
      if (!handler)
        throw new Error(
          `no handler is registered for ${name} "${key}" (app/<domain>/on-*.server.ts registers one)`,
        );
      return handler;
    },
  };
}

/**
 * Imports every registration file once per process (the server calls it at boot; announcing
 * modules call it before they look a handler up, so tests and worker processes need no setup).
 * Resolves to the files loaded. A file that fails to load fails this, and the next call tries again.
 */
export function loadRegistrations(): Promise<string[]> {
  holder.__harvestRegistrations ??= importRegistrationFiles().catch((error: unknown) => {
    holder.__harvestRegistrations = undefined;
    throw error;
  });
  return holder.__harvestRegistrations;
}

/** `app/<domain>/jobs.server.ts` and `app/<domain>/on-*.server.ts`, in name order. */
export async function registrationFiles(appDir = APP_DIR): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(appDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    for (const name of await readdir(path.join(appDir, entry.name))) {
      if (REGISTRATION_FILE.test(name)) files.push(path.join(appDir, entry.name, name));
    }
  }
  return files.sort();
}

async function importRegistrationFiles(): Promise<string[]> {
  const files = await registrationFiles();
  // One at a time, in a fixed order, so a kind registered twice always names the same file.
  for (const file of files) await import(/* @vite-ignore */ pathToFileURL(file).href);
  return files;
}
