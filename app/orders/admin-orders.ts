import { z } from "zod";
import { CHANNELS, ORDER_STATUSES, type Channel, type OrderStatus } from "../../db/order-values";

/*
 * The cooperative's order pages (/admin/orders): what the list's query string and the detail
 * page's forms may say. Pure and client-safe (the pages use the lists); error messages are keys
 * of the admin dictionary.
 */

export const ORDERS_PAGE_SIZE = 25;
/** Offset paging stays cheap only so deep; past it, narrow the dates or search by code. */
export const ORDERS_MAX_PAGE = 200;
export const REFUND_REASON_MAX = 200;
export const ADMIN_ORDER_INTENTS = ["handover", "cancel", "refund"] as const;

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return (
      !Number.isNaN(d.getTime()) &&
      d.toISOString().startsWith(s) &&
      s >= "2000-01-01" &&
      s <= "2100-12-31"
    );
  });

const filterFields = {
  status: z.enum(ORDER_STATUSES),
  channel: z.enum(CHANNELS),
  from: day,
  to: day,
  // Codes are `HL` + letters and digits; what someone types may have spaces, dashes, lower case.
  q: z
    .string()
    .max(40)
    .transform((s) => s.replace(/[\s-]+/g, "").toUpperCase())
    .refine((s) => /^[A-Z0-9]*$/.test(s)),
  page: z.coerce.number().int().min(1).max(ORDERS_MAX_PAGE),
};
export type OrderFilterName = keyof typeof filterFields;

export interface AdminOrderQuery {
  status?: OrderStatus;
  channel?: Channel;
  from?: string;
  to?: string;
  q?: string;
  page: number;
}

/**
 * Each filter is parsed on its own: one the page cannot understand (a hand-edited URL, an old
 * bookmark) is left out and named in `ignored`, so the list still shows and says what it ignored.
 */
export function parseOrderQuery(params: URLSearchParams): {
  query: AdminOrderQuery;
  ignored: OrderFilterName[];
} {
  const query: AdminOrderQuery = { page: 1 };
  const ignored: OrderFilterName[] = [];
  for (const name of Object.keys(filterFields) as OrderFilterName[]) {
    const raw = params.get(name);
    if (raw === null || raw.trim() === "") continue;
    const parsed = filterFields[name].safeParse(raw.trim());
    if (!parsed.success) ignored.push(name);
    else if (parsed.data !== "") Object.assign(query, { [name]: parsed.data });
  }
  if (query.from && query.to && query.from > query.to) {
    delete query.to;
    ignored.push("to");
  }
  return { query, ignored };
}

/** The query string of the list for these filters (the page number dropped unless given). */
export function orderQueryString(query: Partial<AdminOrderQuery>): string {
  const out = new URLSearchParams();
  for (const key of ["status", "channel", "from", "to", "q"] as const)
    if (query[key]) out.set(key, query[key]!);
  if (query.page && query.page > 1) out.set("page", String(query.page));
  const s = out.toString();
  return s ? `?${s}` : "";
}

/** Yuan as typed ("12", "12.5", "12.50", "¥12.50") → integer fen, exactly; at most two decimals. */
export const yuanToFenSchema = z
  .string({
    required_error: "orders.refund.amountInvalid",
    invalid_type_error: "orders.refund.amountInvalid",
  })
  .transform((s) =>
    s
      .trim()
      .replace(/^[¥￥]\s*/, "")
      .replace(/,/g, ""),
  )
  .refine((s) => /^\d{1,7}(\.\d{1,2})?$/.test(s), "orders.refund.amountInvalid")
  .transform((s) => {
    const [whole, frac = ""] = s.split(".");
    return Number(whole) * 100 + Number(frac.padEnd(2, "0"));
  })
  .refine((n) => n > 0, "orders.refund.amountZero");

// PostgreSQL text cannot hold NUL; a reason is one line in the timeline.
export const reasonSchema = z
  .string({ required_error: "orders.reasonRequired", invalid_type_error: "orders.reasonRequired" })
  // eslint-disable-next-line no-control-regex
  .transform((s) => s.replace(/[\s\u0000-\u001f\u007f]+/g, " ").trim())
  .pipe(z.string().min(1, "orders.reasonRequired").max(REFUND_REASON_MAX, "orders.reasonTooLong"));

/** Order ids are `ord_` and our alphabet; anything else in a URL is simply not found. */
export const orderIdSchema = z.string().regex(/^[A-Za-z0-9_]{1,64}$/);

/** `yuan(1250)` → "12.50": the refund field's default, as the owner would type it. */
export function fenToYuanInput(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;
}
