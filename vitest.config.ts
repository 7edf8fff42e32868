import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "~": path.resolve(import.meta.dirname, "app") };
// DATA_DIR: what tests write there (notification log, media) stays out of the developer's ./data.
const env = {
  COOKIE_SECRET: "test-cookie-secret-0123456789",
  SEED_ON_START: "0",
  DATA_DIR: path.join(tmpdir(), "harvest-live-test-data"),
};

// Vitest's default is one worker fewer than the cores: a single one on a 2-core machine. A file on
// embedded PGlite keeps its core busy (the database runs inside the worker), so one per core; a
// file on PostgreSQL mostly waits for the server, so one more. (e2e stays one file at a time.)
const maxWorkers = Math.max(2, availableParallelism()) + (process.env.DATABASE_URL ? 1 : 0);

export default defineConfig({
  test: {
    maxWorkers,
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.{ts,tsx}"],
          env,
          // Pure functions and renders (no database, mocks, env stubs or globals): the files share
          // one module graph per worker instead of importing React and the app afresh each.
          isolate: false,
          // Image encodes and property runs share the cores with the PGlite workers: a guard, not a budget.
          testTimeout: 30_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          env,
          // One migrated PGlite for the whole run, copied once per worker and reset between tests
          // (tests/setup/test-db.ts).
          globalSetup: ["tests/setup/global-pglite-template.ts"],
          setupFiles: ["tests/setup/integration-file.ts"],
          // Files share a worker's process: node_modules and the PGlite are loaded once per worker,
          // the app's modules afresh for each file (tests/setup/integration-file.ts).
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          env,
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
