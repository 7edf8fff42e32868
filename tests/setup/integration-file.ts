import { vi } from "vitest";

/*
 * Runs before each integration file. Files share their worker's process (isolate: false), so
 * node_modules, PGlite's compiled WebAssembly and the worker's database (tests/setup/test-db.ts)
 * are loaded once per worker; the app's own modules start afresh for every file, as they did
 * with a process per file. What the app keeps on globalThis goes with them: the handlers the
 * domains registered (a handler from another file's modules would throw that file's error
 * classes and read its env), whether the registration files were loaded, and the live stock hub.
 */
vi.resetModules();

const shared = globalThis as typeof globalThis & {
  __harvestRegistries?: unknown;
  __harvestRegistrations?: unknown;
  __liveHub?: { timer?: NodeJS.Timeout };
};
if (shared.__liveHub?.timer) clearInterval(shared.__liveHub.timer);
delete shared.__liveHub;
delete shared.__harvestRegistries;
delete shared.__harvestRegistrations;
