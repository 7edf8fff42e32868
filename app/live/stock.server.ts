import { and, count, eq, inArray } from "drizzle-orm";
import pg from "pg";
import { flashSales, liveWaitlist } from "../../db/live-schema";
import { offerLevels, offers } from "../../db/schema";
import { db, getDatabaseHandle } from "../lib/db.server";
import { env } from "../lib/env.server";
import { salePhase, type SalePhase } from "./sales.server";

/** The public stock of a sale (`GET /api/live/:code/stock` and its event stream). */
export interface SaleStock {
  remaining: number;
  claimed: number;
  sold: number;
  startsAt: string | null;
  endsAt: string | null;
  phase: SalePhase;
  waiting: number;
  /** The server's clock when this was read: a page corrects its countdown for the device's offset. */
  serverTime: string;
}

/** One read for any number of sales. */
export async function readSaleStock(saleIds: string[], now = new Date()) {
  if (!saleIds.length) return new Map<string, SaleStock>();
  const rows = await db()
    .select({
      saleId: flashSales.id,
      status: flashSales.status,
      closedAt: flashSales.closedAt,
      startsAt: offers.startsAt,
      endsAt: offers.endsAt,
      available: offerLevels.available,
      reserved: offerLevels.reserved,
      sold: offerLevels.sold,
    })
    .from(flashSales)
    .innerJoin(offers, eq(offers.id, flashSales.offerId))
    .innerJoin(offerLevels, eq(offerLevels.offerId, flashSales.offerId))
    .where(inArray(flashSales.id, saleIds));
  const waiting = await db()
    .select({ saleId: liveWaitlist.saleId, n: count() })
    .from(liveWaitlist)
    .where(and(inArray(liveWaitlist.saleId, saleIds), eq(liveWaitlist.status, "waiting")))
    .groupBy(liveWaitlist.saleId);
  const waits = new Map(waiting.map((w) => [w.saleId, w.n]));
  return new Map(
    rows.map((r) => {
      const phase = salePhase(r, r, now);
      return [
        r.saleId,
        {
          remaining: phase === "ended" ? 0 : r.available,
          claimed: r.reserved,
          sold: r.sold,
          startsAt: r.startsAt?.toISOString() ?? null,
          endsAt: r.endsAt?.toISOString() ?? null,
          phase,
          waiting: waits.get(r.saleId) ?? 0,
          serverTime: now.toISOString(),
        } satisfies SaleStock,
      ];
    }),
  );
}

// ---------------------------------------------------------------- one shared read per sale per tick

/** How often a watched sale is read at most: the events say what changed, a few times a second. */
export const TICK_MS = 250;
/** A watched sale nobody said changed is still read this often (a hold lapsing says nothing). */
const IDLE_READ_MS = 1_000;

type Listener = (stock: SaleStock) => void;
interface Watched {
  listeners: Set<Listener>;
  last?: SaleStock;
  json?: string;
  readAt: number;
  dirty: boolean;
}

interface Hub {
  watched: Map<string, Watched>;
  cached: Map<string, { stock: SaleStock; at: number }>;
  timer?: NodeJS.Timeout;
  listening?: Promise<void>;
  /** Stops this process's LISTEN (the PGlite unsubscribe, or the pg client's end). */
  unlisten?: () => Promise<void> | void;
  /** Bumped by every stop, so a connection that finishes connecting after it closes itself. */
  generation?: number;
}
// On globalThis: the server's copy of this module and the Remix build's share one hub.
const holder = globalThis as typeof globalThis & { __liveHub?: Hub };
const hub: Hub = (holder.__liveHub ??= { watched: new Map(), cached: new Map() });
let inFlight: Promise<void> | null = null;

/** A sale's stock, at most TICK_MS old: a spike of stock reads costs one query per tick. */
export async function saleStock(saleId: string): Promise<SaleStock | null> {
  const hit = hub.cached.get(saleId);
  if (hit && Date.now() - hit.at < TICK_MS)
    return { ...hit.stock, serverTime: new Date().toISOString() };
  const stock = (await readSaleStock([saleId])).get(saleId) ?? null;
  if (stock) hub.cached.set(saleId, { stock, at: Date.now() });
  return stock;
}

/** Something changed in the sale (a batch of claims committed here, or another process said so). */
export function saleChanged(saleId: string): void {
  hub.cached.delete(saleId);
  const w = hub.watched.get(saleId);
  if (w) w.dirty = true;
}

/** Calls `listener` with the sale's stock now and whenever it changes; returns the unsubscribe. */
export function watchSale(saleId: string, listener: Listener): () => void {
  let w = hub.watched.get(saleId);
  if (!w) hub.watched.set(saleId, (w = { listeners: new Set<Listener>(), readAt: 0, dirty: true }));
  w.listeners.add(listener);
  if (w.last) listener(w.last);
  hub.timer ??= setInterval(() => void tick(), TICK_MS);
  void listenAcrossProcesses();
  return () => {
    w.listeners.delete(listener);
    if (!w.listeners.size) hub.watched.delete(saleId);
    if (!hub.watched.size && hub.timer) {
      clearInterval(hub.timer);
      hub.timer = undefined;
      stopListening();
    }
  };
}

async function tick(): Promise<void> {
  if (inFlight) return; // the database is slower than the tick: skip one rather than pile up
  const now = Date.now();
  const due = [...hub.watched].filter(([, w]) => w.dirty || now - w.readAt >= IDLE_READ_MS);
  if (!due.length) return;
  inFlight = (async () => {
    for (const [, w] of due) w.dirty = false;
    const stocks = await readSaleStock(due.map(([id]) => id));
    for (const [id, w] of due) {
      const stock = stocks.get(id);
      w.readAt = Date.now();
      if (!stock) continue;
      hub.cached.set(id, { stock, at: w.readAt });
      // The clock alone changing is not news: an event goes out when the counts or the phase do.
      const json = JSON.stringify({ ...stock, serverTime: undefined });
      if (json === w.json) continue;
      w.json = json;
      w.last = stock;
      for (const l of w.listeners) l(stock);
    }
  })()
    .catch((error: unknown) => console.error("live stock read failed:", error))
    .finally(() => {
      inFlight = null;
    });
  await inFlight;
}

/**
 * Claims in other processes announce their sale with NOTIFY live_sale (claims.server.ts); this
 * process LISTENs while anyone watches, on its own connection on PostgreSQL, so its watchers read
 * at once. A dropped connection is closed and listened again a second later; the last watcher
 * leaving closes it.
 */
function listenAcrossProcesses(): Promise<void> {
  hub.listening ??= (async () => {
    const handle = getDatabaseHandle();
    if (handle?.pglite) {
      hub.unlisten = await handle.pglite.listen("live_sale", (saleId) => saleChanged(saleId));
    } else if (env.DATABASE_URL) {
      const client = new pg.Client({ connectionString: env.DATABASE_URL });
      let dropped = false;
      const drop = () => {
        if (dropped) return;
        dropped = true;
        if (hub.unlisten === close) stopListening();
        else void client.end().catch(() => undefined);
        // Until it listens again, the watchers' reads are timed (IDLE_READ_MS).
        if (hub.watched.size) setTimeout(() => void listenAcrossProcesses(), 1_000).unref();
      };
      const close = () => client.end();
      client.on("notification", (n) => n.payload && saleChanged(n.payload));
      client.on("error", drop);
      client.on("end", drop);
      const generation = hub.generation;
      await client.connect();
      await client.query("listen live_sale");
      // Stopped while connecting (the last watcher left): this client is nobody's.
      if (generation !== hub.generation) return void client.end().catch(() => undefined);
      hub.unlisten = close;
    }
    if (!hub.watched.size) stopListening();
  })().catch((error: unknown) => {
    hub.listening = undefined;
    console.error("live: LISTEN failed, stock events fall back to timed reads:", error);
  });
  return hub.listening;
}

function stopListening(): void {
  hub.generation = (hub.generation ?? 0) + 1;
  const unlisten = hub.unlisten;
  hub.unlisten = undefined;
  hub.listening = undefined;
  if (unlisten) void Promise.resolve(unlisten()).catch(() => undefined);
}
