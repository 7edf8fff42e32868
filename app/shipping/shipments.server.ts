import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { AMBIENT_SERVICES } from "../../db/orders-schema";
import { shipments, type ShipmentRow } from "../../db/shipping-schema";
import { db, type Executor } from "../lib/db.server";
import { newId } from "../lib/ids";
import { partySchema } from "./parties";
import { quote, type QuoteParcel } from "./quote";
import { fieldPath, MAX_ITEMS, quoteItemSchema, quoteRequestSchema } from "./schemas";
import { formatTrackingNumber } from "./s10";
import { planShipping } from "./shipping-plan";
import type { Zone } from "./tariffs";
import { loadTariff, loadTariffThrough } from "./tariffs.server";

/** A line of the order as the shipping engine needs it; `name`/`sku` only travel to the label. */
export const shipmentItemSchema = quoteItemSchema.extend({
  name: z.string().trim().max(120).optional(),
  sku: z.string().trim().max(64).optional(),
});

export const createShipmentsInputSchema = z
  .object({
    orderId: z.string().trim().min(1).max(64),
    cooperativeId: z.string().trim().min(1).max(64),
    origin: quoteRequestSchema.shape.from,
    destination: quoteRequestSchema.shape.to,
    sender: partySchema,
    recipient: partySchema,
    items: z.array(shipmentItemSchema).min(1, "must list at least one item").max(MAX_ITEMS),
    service: quoteRequestSchema.shape.service,
    /**
     * An order's shipments: ambient items by this service, chilled items by cold chain, planned by
     * `planShipping` exactly as the checkout priced them (parcels numbered across both groups).
     */
    ambientService: z.enum(AMBIENT_SERVICES).optional(),
    declaredValueFen: quoteRequestSchema.shape.declaredValueFen,
  })
  .superRefine((v, ctx) => {
    if (v.service && v.ambientService) {
      ctx.addIssue({
        code: "custom",
        path: ["ambientService"],
        message: "give either service or ambientService, not both",
      });
    }
    // The price follows origin → destination and the label prints the parties' provinces: they must agree.
    if (v.sender.province !== v.origin) {
      ctx.addIssue({
        code: "custom",
        path: ["sender", "province"],
        message: `must be the origin province (${v.origin})`,
      });
    }
    if (v.recipient.province !== v.destination) {
      ctx.addIssue({
        code: "custom",
        path: ["recipient", "province"],
        message: `must be the destination province (${v.destination})`,
      });
    }
  });
export type CreateShipmentsInput = z.input<typeof createShipmentsInputSchema>;

/** One line of a parcel's contents, stored in `shipments.units`. */
export interface ParcelLine {
  item: number;
  quantity: number;
  name?: string;
  sku?: string;
}

export type CreateShipmentsResult =
  | { ok: true; created: boolean; shipments: ShipmentRow[] }
  | { ok: false; error: string; message: string; field?: string };

class AlreadyCreated extends Error {}

const INT4_MAX = 2_147_483_647;

/**
 * Packs and prices an order's lines for one cooperative with the stored tariff, then stores one
 * shipment per parcel, each with an S10 tracking number, in one transaction. Idempotent per
 * (orderId, cooperativeId), across processes: the unique index on parcel 1 decides which call
 * creates the set; every other call (retry or race) returns that set with `created: false`.
 */
export async function createShipments(
  input: CreateShipmentsInput,
  /** Run inside the caller's transaction (an order's shipments are created with its row locked). */
  { tx: outer }: { tx?: Executor } = {},
): Promise<CreateShipmentsResult> {
  const parsed = createShipmentsInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = fieldPath(issue.path);
    return { ok: false, error: "invalid_request", message: `${field}: ${issue.message}`, field };
  }
  const req = parsed.data;
  const existing = await findOrderShipments({ ...req, tx: outer });
  if (existing.length > 0) return { ok: true, created: false, shipments: existing };

  const items = req.items.map(({ name: _n, sku: _s, ...item }) => item);
  // Inside a caller's transaction, a cache miss reads through it (loadTariffThrough says why).
  const tariff = outer ? await loadTariffThrough(outer) : await loadTariff();
  let zone: Zone;
  let parcels: QuoteParcel[];
  if (req.ambientService) {
    const plan = planShipping({
      from: req.origin,
      to: req.destination,
      lines: items,
      ambientService: req.ambientService,
      tariff,
    });
    if (!plan.ok)
      return {
        ok: false,
        error: plan.error,
        message: plan.message.replace(/lines\[/g, "items["),
        ...(plan.line === undefined ? {} : { field: `items[${plan.line}]` }),
      };
    zone = plan.zone;
    parcels = plan.parcels.map(({ lines, ...p }) => ({
      ...p,
      contents: lines.map(({ line, quantity }) => ({ item: line, quantity })),
    }));
  } else {
    const outcome = quote(
      {
        from: req.origin,
        to: req.destination,
        items,
        service: req.service,
        declaredValueFen: req.declaredValueFen,
      },
      tariff,
    );
    if (!outcome.ok) return outcome;
    ({ zone, parcels } = outcome.quote);
  }
  // A quote is exact at any size, but the shipments columns are 32-bit integers.
  const huge = parcels.findIndex(
    (p) => Math.max(p.actualG, p.volumetricG, p.chargeableG, p.priceFen) > INT4_MAX,
  );
  if (huge >= 0) {
    return {
      ok: false,
      error: "parcel_too_large",
      message: `parcel ${huge + 1}: its weight or price is too large to ship as one parcel`,
    };
  }

  try {
    // Inside the caller's transaction this is a savepoint, so a lost race rolls back only itself.
    const rows = await (outer ?? db()).transaction(async (tx) => {
      // A sequence hands out distinct values to every process; gaps (rolled-back races) are fine.
      // Both drivers answer raw SQL with `{ rows }`.
      const serials = (await tx.execute(
        sql`select nextval('tracking_serial_seq')::text as n from generate_series(1, ${parcels.length})`,
      )) as unknown as { rows: Array<{ n: string }> };
      const values = parcels.map((p, i) => ({
        id: newId("shp"),
        trackingNumber: formatTrackingNumber({ service: p.service, serial: serials.rows[i]!.n }),
        orderId: req.orderId,
        cooperativeId: req.cooperativeId,
        service: p.service,
        storage: p.storage,
        zone,
        originProvince: req.origin,
        destinationProvince: req.destination,
        sender: req.sender,
        recipient: req.recipient,
        units: p.contents.map(({ item, quantity }): ParcelLine => {
          const line = req.items[item]!;
          return {
            item,
            quantity,
            ...(line.name ? { name: line.name } : {}),
            ...(line.sku ? { sku: line.sku } : {}),
          };
        }),
        actualG: p.actualG,
        volumetricG: p.volumetricG,
        chargeableG: p.chargeableG,
        priceFen: p.priceFen,
        transitDays: p.transitDays,
        parcelIndex: i + 1,
        parcelCount: parcels.length,
      }));
      // Parcel 1 is the claim: a concurrent insert of the same order waits here for the other
      // transaction, then inserts nothing if it committed.
      const claimed = await tx
        .insert(shipments)
        .values(values[0]!)
        .onConflictDoNothing({
          target: [shipments.orderId, shipments.cooperativeId, shipments.parcelIndex],
        })
        .returning();
      if (claimed.length === 0) throw new AlreadyCreated();
      const rest =
        values.length > 1 ? await tx.insert(shipments).values(values.slice(1)).returning() : [];
      return [...claimed, ...rest];
    });
    return { ok: true, created: true, shipments: rows };
  } catch (error) {
    if (!(error instanceof AlreadyCreated)) throw error;
    return { ok: true, created: false, shipments: await findOrderShipments({ ...req, tx: outer }) };
  }
}

/** The parcels of one order from one cooperative, parcel 1 first. */
export async function findOrderShipments({
  orderId,
  cooperativeId,
  tx = db(),
}: {
  orderId: string;
  cooperativeId: string;
  tx?: Executor;
}): Promise<ShipmentRow[]> {
  return tx
    .select()
    .from(shipments)
    .where(and(eq(shipments.orderId, orderId), eq(shipments.cooperativeId, cooperativeId)))
    .orderBy(asc(shipments.parcelIndex));
}

/** A shipment of this cooperative (null for another cooperative's: the caller answers 404). */
export async function getCooperativeShipment({
  shipmentId,
  cooperativeIds,
}: {
  shipmentId: string;
  /** The cooperatives the user may act for; null means any (platform admin). */
  cooperativeIds: string[] | null;
}): Promise<ShipmentRow | null> {
  // An id from a URL that no shipment can have (a NUL would fail the query) is simply not found.
  if (!/^shp_[A-Za-z0-9]{1,40}$/.test(shipmentId)) return null;
  const [row] = await db()
    .select()
    .from(shipments)
    .where(
      and(
        eq(shipments.id, shipmentId),
        cooperativeIds === null
          ? undefined
          : inArray(shipments.cooperativeId, cooperativeIds.length ? cooperativeIds : [""]),
      ),
    );
  return row ?? null;
}

/**
 * The parcels with these ids, all of one cooperative, in the order asked; null when any id is not
 * that cooperative's (the caller answers 404 for the whole set, so nothing of another leaks).
 */
export async function getCooperativeShipmentsByIds({
  shipmentIds,
  cooperativeId,
}: {
  shipmentIds: string[];
  cooperativeId: string;
}): Promise<ShipmentRow[] | null> {
  const wanted = [...new Set(shipmentIds)];
  if (wanted.length === 0 || !wanted.every((id) => /^shp_[A-Za-z0-9]{1,40}$/.test(id))) return null;
  const rows = await db()
    .select()
    .from(shipments)
    .where(and(inArray(shipments.id, wanted), eq(shipments.cooperativeId, cooperativeId)));
  if (rows.length !== wanted.length) return null;
  const byId = new Map(rows.map((r) => [r.id, r]));
  return wanted.map((id) => byId.get(id)!);
}
