import type { InventoryMessageKey } from "./messages";

/*
 * A stock change in plain words for the owner (the ledger stores codes and ids): what happened,
 * with the order's code where there is one, and who did it by name. Pure: the stock page's.
 */

export interface LedgerFacts {
  reason: string;
  actor: string;
  ref: string | null;
  /** The order's code when `ref` is an order. */
  orderCode: string | null;
  /** The offer's kind when `ref` is an offer. */
  offerKind: string | null;
  /** The account's name when `actor` is a user id. */
  actorName: string | null;
}

type T = (key: InventoryMessageKey, values?: Record<string, string | number>) => string;

const RELEASED = new Set([
  "released",
  "expired",
  "payment hold voided",
  "owner_missing",
  "claim_expired",
]);

export function ledgerWhy(f: LedgerFacts, t: T): string {
  const code = f.orderCode;
  const claim = f.ref?.startsWith("clm_") ?? false;
  const kind = f.offerKind ? t(`ledger.kind.${f.offerKind}` as InventoryMessageKey) : "";
  const of = (key: InventoryMessageKey) => (kind ? t(key, { kind }) : f.reason);
  if (f.reason === "initial stock") return t("ledger.initial");
  if (f.reason === "reserved")
    return code
      ? t("ledger.reserved.order", { code })
      : claim
        ? t("ledger.reserved.claim")
        : t("ledger.reserved");
  if (f.reason === "sold" || f.reason === "confirmed")
    return code ? t("ledger.sold.order", { code }) : t("ledger.sold");
  if (RELEASED.has(f.reason))
    return code
      ? t("ledger.released.order", { code })
      : claim
        ? t("ledger.released.claim")
        : t("ledger.released");
  if (f.reason === "order_revised" && code) return t("ledger.revised.order", { code });
  if (code && (f.reason.startsWith("part cancelled: ") || f.reason === "presale_cancelled"))
    return t("ledger.cancelled.order", {
      code,
      why: f.reason.replace(/^part cancelled: /, "").replace("presale_cancelled", "—"),
    });
  switch (f.reason) {
    case "offer_drawn":
    case "offer_closed":
    case "offer_returned":
    case "pool_opened":
    case "pool_resized":
      return of(`ledger.${f.reason}`);
  }
  // An owner's own adjustment: in their words.
  return f.reason;
}

export function ledgerWho(f: LedgerFacts, t: T): string {
  if (f.actorName) return f.actorName;
  if (f.actor.startsWith("usr_")) return t("ledger.actor.unknown");
  if (f.actor === "shopper") return t("ledger.actor.shopper");
  if (f.actor === "simulated" || f.actor === "stripe") return t("ledger.actor.payment");
  if (f.actor === "live") return t("ledger.actor.live");
  if (f.actor === "seed") return t("ledger.actor.seed");
  if (f.actor === "system" || f.actor.startsWith("job:") || f.actor === "test")
    return t("ledger.actor.system");
  return f.actor;
}
