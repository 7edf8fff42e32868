import { eq, sql } from "drizzle-orm";
import { shippingServices, shippingTariffs } from "../../db/shipping-schema";
import { db, type Database, type Executor } from "../lib/db.server";
import {
  DEFAULT_TARIFF,
  SERVICES,
  ZONES,
  tariffSchema,
  type Service,
  type Tariff,
} from "./tariffs";

/**
 * Every quote needs the tariff, and it changes a few times a year: each process keeps it for
 * TARIFF_TTL_MS per database and concurrent misses share one read. Saving clears this process's
 * copy at once; other processes pick the edit up within the TTL.
 */
export const TARIFF_TTL_MS = 2_000;
// On globalThis: server.ts (the lean quote handler) and the Remix build are separate module
// graphs, and an admin's save in one must clear the copy the other quotes from.
const CACHE = Symbol.for("harvest-live.shipping-tariff-cache");
type Cache = WeakMap<Database, { expires: number; value: Promise<Tariff> }>;
const cache: Cache = ((globalThis as { [CACHE]?: Cache })[CACHE] ??= new WeakMap());

export function loadTariff(): Promise<Tariff> {
  return cachedTariff(db());
}

/**
 * loadTariff for a caller inside a transaction: this process's fresh copy if it has one (no
 * query), else read through `through` (and kept), never db(): on PGlite (one connection) a read
 * through db() would wait for that very transaction, for ever.
 */
export function loadTariffThrough(through: Executor): Promise<Tariff> {
  return cachedTariff(through);
}

function cachedTariff(through: Executor): Promise<Tariff> {
  const database = db();
  const hit = cache.get(database);
  const now = Date.now();
  if (hit && hit.expires > now) return hit.value;
  const value = readTariff(through);
  cache.set(database, { expires: now + TARIFF_TTL_MS, value });
  // A failed read is not remembered.
  value.catch(() => cache.get(database)?.value === value && cache.delete(database));
  return value;
}

export function invalidateTariff(): void {
  cache.delete(db());
}

/** The stored tariff, uncached, read through `database` (a caller's transaction, for one). */
export async function readTariff(database: Executor): Promise<Tariff> {
  const [services, rates] = await Promise.all([
    database.select().from(shippingServices),
    database.select().from(shippingTariffs),
  ]);
  // A service missing from the table (never, after migration 0002) serves no zone.
  const tariff = Object.fromEntries(
    SERVICES.map((s) => [s, { ...DEFAULT_TARIFF[s], zones: {} }]),
  ) as unknown as Tariff;
  for (const s of services) {
    tariff[s.service] = {
      maxParcelG: s.maxParcelG,
      volumetricDivisor: s.volumetricDivisor,
      zones: {},
    };
  }
  for (const r of rates) {
    tariff[r.service].zones[r.zone] = {
      firstFen: r.firstFen,
      stepFen: r.stepFen,
      transitDays: r.transitDays,
    };
  }
  return tariff;
}

export interface TariffEditions {
  tariff: Tariff;
  /** Who last changed each service and when (ISO time); `migration` for the untouched default. */
  changed: Record<Service, { by: string; at: string }>;
}

/** The tariff as stored right now (no cache), for the editor. */
export async function loadTariffForEditing(): Promise<TariffEditions> {
  const database = db();
  const [tariff, services] = await Promise.all([
    readTariff(database),
    database
      .select({
        service: shippingServices.service,
        by: shippingServices.updatedBy,
        at: shippingServices.updatedAt,
      })
      .from(shippingServices),
  ]);
  const changed = Object.fromEntries(
    SERVICES.map((s) => [s, { by: "", at: "" }]),
  ) as TariffEditions["changed"];
  for (const s of services) changed[s.service] = { by: s.by, at: s.at.toISOString() };
  return { tariff, changed };
}

/**
 * Replaces the whole tariff in one transaction and records who did it. The input is parsed
 * again here, so no caller can store a tariff the schema refuses.
 */
export async function saveTariff({ tariff, by }: { tariff: Tariff; by: string }): Promise<void> {
  const parsed = tariffSchema.parse(tariff);
  await db().transaction(async (tx) => {
    for (const service of SERVICES) {
      const t = parsed[service];
      await tx
        .insert(shippingServices)
        .values({
          service,
          maxParcelG: t.maxParcelG,
          volumetricDivisor: t.volumetricDivisor,
          updatedBy: by,
        })
        .onConflictDoUpdate({
          target: shippingServices.service,
          set: {
            maxParcelG: t.maxParcelG,
            volumetricDivisor: t.volumetricDivisor,
            updatedBy: by,
            updatedAt: sql`now()`,
          },
        });
      await tx.delete(shippingTariffs).where(eq(shippingTariffs.service, service));
      const rows = ZONES.flatMap((zone) => {
        const rate = t.zones[zone];
        return rate ? [{ service, zone, ...rate }] : [];
      });
      if (rows.length) await tx.insert(shippingTariffs).values(rows);
    }
  });
  invalidateTariff();
}
