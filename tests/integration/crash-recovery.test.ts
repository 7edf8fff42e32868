import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq, sql, TransactionRollbackError } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { jobs, orderEvents, orders } from "../../db/orders-schema";
import { shipments } from "../../db/shipping-schema";
import { ensureBuild, startServer, type RunningServer } from "../../scripts/lib/start-server";
import { enqueueJob, runDueJobs } from "~/jobs/queue.server";
import { db, getDatabaseHandle, openPglite, setDatabase } from "~/lib/db.server";
import { newId } from "~/lib/ids";
import { createOrderShipments } from "~/orders/fulfilment.server";
import { recordPaymentSucceeded } from "~/orders/payment-flow.server";
import { formatTrackingNumber, isValidS10 } from "~/shipping/s10";
import { createOrangesAndGrapes, submittedOrder } from "../factories/orders";
import { shipmentRow } from "../factories/shipments";
import { ROOT, testDatabaseUrl } from "../setup/processes";
import { withTestDatabase } from "../setup/test-db";

/**
 * Issue 5's crash test, done for real: processes are killed with SIGKILL (no shutdown code runs)
 * between "payment recorded" and "shipments exist", and the durable job queue finishes the work
 * after a restart, exactly once. The tests start the production server, built first if it is missing or stale.
 */

// Creating each test's database alone can take over a minute while other suites load the machine.
vi.setConfig({ hookTimeout: 300_000 });
const t = withTestDatabase();
const PG = Boolean(process.env.DATABASE_URL);
// Server boots and child processes are slow on a busy machine; nothing below is timed.
const SLOW = 300_000;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "harvest-crash-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function boot(env: Record<string, string>, dataDir?: string): Promise<RunningServer> {
  ensureBuild();
  const server = await startServer({
    env: { PAYMENT_PROVIDER: "simulated", SEED_ON_START: "0", ...env },
    dataDir,
    timeoutMs: SLOW,
  });
  cleanups.push(() => server.stop());
  return server;
}

/** A shopper's browser over plain HTTP: a cookie jar and no automatic redirects. */
class Shopper {
  constructor(
    private base: string,
    private cookies = new Map<string, string>(),
  ) {}

  /** The same browser (its cookies) talking to a restarted server on a new port. */
  on(base: string): Shopper {
    return new Shopper(base, this.cookies);
  }

  async request(pathname: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size)
      headers.set("Cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const res = await fetch(new URL(pathname, this.base), { ...init, headers, redirect: "manual" });
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(";")[0]!;
      const i = pair.indexOf("=");
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return res;
  }

  post(pathname: string, form: Record<string, string>): Promise<Response> {
    return this.request(pathname, { method: "POST", body: new URLSearchParams(form) });
  }
}

const SHANGHAI = {
  name: "李小红",
  mobile: "13912345678",
  province: "31",
  cityCode: "3101",
  districtCode: "310104",
  detail: "漕溪北路 398 号 5 号楼 1201 室",
  postcode: "",
};

/** Cart from the product pages, checkout, the simulated card: what the browser test does, over HTTP. */
async function buyAndPay(
  base: string,
  lines: Array<{ slug: string; variantId: string }>,
): Promise<{ orderId: string; shopper: Shopper }> {
  const shopper = new Shopper(base);
  for (const l of lines) {
    const added = await shopper.post(`/p/${l.slug}`, { variantId: l.variantId, quantity: "1" });
    expect(added.status).toBe(200);
  }
  const page = await shopper.request("/checkout");
  expect(page.status).toBe(200);
  const submitKey = /name="submitKey" value="([^"]+)"/.exec(await page.text())?.[1];
  expect(submitKey).toBeTruthy();
  const submitted = await shopper.post("/checkout", {
    submitKey: submitKey!,
    email: "crash@example.com",
    contactMobile: "",
    ambientService: "express",
    ...SHANGHAI,
  });
  expect(submitted.status).toBe(302);
  const payUrl = submitted.headers.get("Location")!;
  expect(payUrl).toMatch(/^\/pay\/[^/]+$/);
  const paid = await shopper.post(payUrl, {
    number: "4242 4242 4242 4242",
    expiry: "12/30",
    cvc: "123",
    name: "LI XIAOHONG",
  });
  expect(paid.status).toBe(302);
  const orderUrl = paid.headers.get("Location")!;
  expect(orderUrl).toMatch(/^\/orders\/[^/?]+\?paid=1$/);
  return { orderId: orderUrl.slice("/orders/".length, orderUrl.indexOf("?")), shopper };
}

/** Parcels on the shopper's order page (server-rendered). */
async function parcelsOnPage(shopper: Shopper, orderId: string): Promise<number> {
  const res = await shopper.request(`/orders/${orderId}`);
  expect(res.status).toBe(200);
  return (await res.text()).split('data-testid="parcel"').length - 1;
}

const orderRow = async (id: string) =>
  (await db().select().from(orders).where(eq(orders.id, id)))[0]!;
const shipmentsOf = (orderId: string) =>
  db().select().from(shipments).where(eq(shipments.orderId, orderId));
const createJob = async (orderId: string) =>
  (
    await db()
      .select()
      .from(jobs)
      .where(eq(jobs.dedupeKey, `create_shipments:${orderId}`))
  )[0]!;
const shipmentEvents = async (orderId: string) =>
  (
    await db()
      .select()
      .from(orderEvents)
      .where(and(eq(orderEvents.orderId, orderId), eq(orderEvents.event, "shipments_created")))
  ).length;

/** One set per cooperative: the oranges' express parcel and the grapes' cold-chain parcel, valid S10 numbers. */
async function expectOneSetPerCooperative(
  orderId: string,
  coops: { oranges: string; grapes: string },
) {
  const rows = await shipmentsOf(orderId);
  expect(rows.map((r) => [r.cooperativeId, r.service, r.parcelIndex]).sort()).toEqual(
    [
      [coops.oranges, "express", 1],
      [coops.grapes, "cold_chain", 1],
    ].sort(),
  );
  for (const r of rows) expect(isValidS10(r.trackingNumber)).toBe(true);
  expect(await shipmentEvents(orderId)).toBe(1);
}

/** Nothing more happens however often the job machinery runs again. */
async function expectRerunsChangeNothing(
  orderId: string,
  coops: { oranges: string; grapes: string },
) {
  const before = (await shipmentsOf(orderId)).map((r) => r.trackingNumber).sort();
  await runDueJobs({ workerId: "rerun-1" });
  await runDueJobs({ workerId: "rerun-2" });
  // A redelivered payment confirmation enqueues nothing new; the handler itself is idempotent.
  expect(
    await enqueueJob({
      kind: "create_shipments",
      payload: { orderId },
      dedupeKey: `create_shipments:${orderId}`,
    }),
  ).toEqual({ enqueued: false });
  expect(await createOrderShipments({ orderId })).toEqual({ created: 0 });
  expect((await shipmentsOf(orderId)).map((r) => r.trackingNumber).sort()).toEqual(before);
  await expectOneSetPerCooperative(orderId, coops);
}

function spawnWorker(url: string, workerId: string, leaseMs: number, dataDir: string) {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      path.join(ROOT, "tests/integration/crash-jobs-worker.ts"),
      url,
      workerId,
      String(leaseMs),
    ],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url, DATA_DIR: dataDir },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  });
  return { child, exited, output: () => out };
}

describe("crash recovery: a paid order's shipments exist exactly once, whoever dies when", () => {
  it.skipIf(!PG)(
    "PostgreSQL: the server is SIGKILLed after recording the payment, before any shipment; restarted with the worker on, it creates them once",
    async () => {
      const { coopA, coopB, oranges, grapes } = await createOrangesAndGrapes();
      const coops = { oranges: coopA.id, grapes: coopB.id };
      const url = await testDatabaseUrl();

      // An app process that takes orders and payments but works no jobs (JOBS_WORKER=0).
      const first = await boot({ DATABASE_URL: url, JOBS_WORKER: "0" });
      const { orderId, shopper } = await buyAndPay(first.url, [
        { slug: oranges.product.slug, variantId: oranges.variant.id },
        { slug: grapes.product.slug, variantId: grapes.variant.id },
      ]);
      expect(await orderRow(orderId)).toMatchObject({ status: "paid" });
      expect(await shipmentsOf(orderId)).toHaveLength(0);
      expect(await createJob(orderId)).toMatchObject({ doneAt: null, lockedBy: null, attempts: 0 });
      expect(await parcelsOnPage(shopper, orderId)).toBe(0);

      expect(await first.kill("SIGKILL")).toEqual({ code: null, signal: "SIGKILL" });
      // The crash lost nothing that was committed, and made nothing.
      expect(await orderRow(orderId)).toMatchObject({ status: "paid" });
      expect(await shipmentsOf(orderId)).toHaveLength(0);

      const second = await boot({
        DATABASE_URL: url,
        JOBS_WORKER: "1",
        JOBS_POLL_MS: "100",
        JOBS_LEASE_MS: "2000",
      });
      await expect
        .poll(async () => (await createJob(orderId)).doneAt, { timeout: SLOW, interval: 200 })
        .not.toBeNull();
      await expectOneSetPerCooperative(orderId, coops);
      expect(await createJob(orderId)).toMatchObject({ attempts: 1, failedAt: null });
      expect(await orderRow(orderId)).toMatchObject({ status: "fulfilling" });
      expect(await parcelsOnPage(shopper.on(second.url), orderId)).toBe(2);

      await expectRerunsChangeNothing(orderId, coops);
    },
    SLOW * 3,
  );

  it.skipIf(!PG)(
    "PostgreSQL: a worker that claimed the job dies mid-write (one cooperative's parcels inserted, uncommitted); after its lease lapses another process creates them once",
    async () => {
      const { coopA, coopB, oranges, grapes } = await createOrangesAndGrapes();
      const coops = { oranges: coopA.id, grapes: coopB.id };
      const o = await submittedOrder({
        lines: [
          { variantId: oranges.variant.id, quantity: 1 },
          { variantId: grapes.variant.id, quantity: 2 },
        ],
      });
      expect(
        await recordPaymentSucceeded({
          provider: "simulated",
          providerRef: o.payment.providerRef!,
          amountFen: o.payment.amountFen,
          actor: "simulated",
        }),
      ).toMatchObject({ ok: true, outcome: "paid" });
      expect(await shipmentsOf(o.orderId)).toHaveLength(0);
      const dataDir = tempDir();

      // Hold the second cooperative's first parcel slot with an uncommitted row: the worker's
      // handler writes the first cooperative's parcels, then waits on this slot, mid-transaction.
      const second = [coopA.id, coopB.id].sort()[1]!;
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let held!: () => void;
      const holding = new Promise<void>((r) => (held = r));
      const blocker = db()
        .transaction(async (tx) => {
          await tx.insert(shipments).values(
            shipmentRow({
              id: newId("shp"),
              trackingNumber: formatTrackingNumber({ service: "express", serial: 99_999_999 }),
              orderId: o.orderId,
              cooperativeId: second,
              createdAt: new Date(),
            }),
          );
          held();
          await gate;
          tx.rollback();
        })
        .catch((error: unknown) => {
          if (!(error instanceof TransactionRollbackError)) throw error;
        });
      cleanups.push(async () => {
        release();
        await blocker;
      });
      await holding;

      const doomed = spawnWorker(await testDatabaseUrl("crash-doomed"), "doomed", 3_000, dataDir);
      const waitingOnLock = async () =>
        Number(
          (
            (await db().execute(
              sql`select count(*)::int as n from pg_stat_activity where application_name = 'crash-doomed' and wait_event_type = 'Lock' and query ilike 'insert into "shipments"%'`,
            )) as unknown as {
              rows: Array<{ n: number }>;
            }
          ).rows[0]!.n,
        );
      await expect.poll(waitingOnLock, { timeout: SLOW, interval: 100 }).toBe(1);
      expect(await createJob(o.orderId)).toMatchObject({
        lockedBy: "doomed",
        attempts: 1,
        doneAt: null,
      });

      doomed.child.kill("SIGKILL");
      expect(await doomed.exited).toEqual({ code: null, signal: "SIGKILL" });
      release();
      await blocker;
      // The dead worker's backend notices its client is gone and rolls its half back.
      const backends = async () =>
        Number(
          (
            (await db().execute(
              sql`select count(*)::int as n from pg_stat_activity where application_name = 'crash-doomed'`,
            )) as unknown as { rows: Array<{ n: number }> }
          ).rows[0]!.n,
        );
      await expect.poll(backends, { timeout: SLOW, interval: 100 }).toBe(0);
      expect(await shipmentsOf(o.orderId)).toHaveLength(0);
      expect(await createJob(o.orderId)).toMatchObject({ lockedBy: "doomed", doneAt: null });

      // Nobody can take the job while the dead worker's lease runs; once it has lapsed, anyone can.
      const lapsed = async () =>
        (
          (await db().execute(
            sql`select locked_until <= now() as lapsed from jobs where dedupe_key = ${`create_shipments:${o.orderId}`}`,
          )) as unknown as {
            rows: Array<{ lapsed: boolean }>;
          }
        ).rows[0]!.lapsed;
      await expect.poll(lapsed, { timeout: SLOW, interval: 200 }).toBe(true);
      const rescuer = spawnWorker(
        await testDatabaseUrl("crash-rescuer"),
        "rescuer",
        60_000,
        dataDir,
      );
      expect(await rescuer.exited, rescuer.output()).toEqual({ code: 0, signal: null });
      expect(JSON.parse(rescuer.output().trim().split("\n").pop()!)).toMatchObject({ failed: 0 });

      expect(await createJob(o.orderId)).toMatchObject({
        lockedBy: "rescuer",
        attempts: 2,
        failedAt: null,
      });
      expect((await createJob(o.orderId)).doneAt).not.toBeNull();
      await expectOneSetPerCooperative(o.orderId, coops);
      expect(await orderRow(o.orderId)).toMatchObject({ status: "fulfilling" });
      await expectRerunsChangeNothing(o.orderId, coops);
    },
    SLOW * 2,
  );

  it.skipIf(PG)(
    "PGlite data directory: the server is SIGKILLed after recording the payment; the directory reopens and the restarted worker creates the shipments once",
    async () => {
      const dataDir = tempDir();
      const pgliteDir = path.join(dataDir, "pglite");
      // Build the store's catalog in its own directory, then hand the directory to the server.
      const testDb = getDatabaseHandle();
      const store = await openPglite(pgliteDir);
      await store.migrate();
      setDatabase(store);
      const world = await createOrangesAndGrapes().finally(() => setDatabase(testDb));
      await store.close();
      const { coopA, coopB, oranges, grapes } = world;
      const coops = { oranges: coopA.id, grapes: coopB.id };
      const env = { PGLITE_DIR: pgliteDir, JOBS_POLL_MS: "100", JOBS_LEASE_MS: "2000" };

      const first = await boot({ ...env, JOBS_WORKER: "0" }, dataDir);
      const { orderId, shopper } = await buyAndPay(first.url, [
        { slug: oranges.product.slug, variantId: oranges.variant.id },
        { slug: grapes.product.slug, variantId: grapes.variant.id },
      ]);
      expect(await parcelsOnPage(shopper, orderId)).toBe(0);
      expect(await first.kill("SIGKILL")).toEqual({ code: null, signal: "SIGKILL" });

      // The same directory, straight after the kill (its lock file names a dead process).
      const second = await boot({ ...env, JOBS_WORKER: "1" }, dataDir);
      const onSecond = shopper.on(second.url);
      await expect
        .poll(() => parcelsOnPage(onSecond, orderId), { timeout: SLOW, interval: 200 })
        .toBe(2);
      // Killed again with the work done: the next start finds nothing to redo.
      expect(await second.kill("SIGKILL")).toEqual({ code: null, signal: "SIGKILL" });
      const third = await boot({ ...env, JOBS_WORKER: "1" }, dataDir);
      expect(await parcelsOnPage(shopper.on(third.url), orderId)).toBe(2);
      await third.stop();

      // Count in the directory itself.
      const after = await openPglite(pgliteDir);
      cleanups.push(() => after.close());
      setDatabase(after);
      try {
        await expectOneSetPerCooperative(orderId, coops);
        expect(await createJob(orderId)).toMatchObject({ attempts: 1, failedAt: null });
        expect((await createJob(orderId)).doneAt).not.toBeNull();
        expect(await orderRow(orderId)).toMatchObject({ status: "fulfilling" });
        await expectRerunsChangeNothing(orderId, coops);
      } finally {
        setDatabase(testDb);
      }
      expect(t.handle.kind).toBe("pglite");
    },
    SLOW * 3,
  );
});
