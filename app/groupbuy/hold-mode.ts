import type { HoldMode } from "../../db/groupbuy-schema";

/**
 * Card authorizations lapse in about 5–7 days (Visa merchant-initiated about 5): a deal whose
 * deadline is at most this far away holds each join's payment; a longer one charges on joining
 * and refunds the difference at settlement.
 */
export const HOLD_DAYS = 5;
export const HOLD_MS = HOLD_DAYS * 86_400_000;

/** How a deal with this deadline takes joins' payments, decided when it opens. */
export function holdModeFor({ endsAt, now }: { endsAt: Date; now: Date }): HoldMode {
  return endsAt.getTime() - now.getTime() <= HOLD_MS ? "authorize" : "charge";
}

/**
 * The latest deadline an `authorize` deal may move to once it has joins: the earliest hold must
 * still be alive at settlement.
 */
export function latestDeadlineForHolds(firstJoinAt: Date): Date {
  return new Date(firstJoinAt.getTime() + HOLD_MS);
}
