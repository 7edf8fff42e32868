/*
 * The one dispatch promise: when a cooperative's goods leave the farm, from its handling days
 * (the owner's "ships within … days of payment"). Product page, checkout, order page and emails
 * all say it in these words, so no page promises what another contradicts.
 */

type Locale = "zh" | "en";

/** "付款后 2 天内发货" / "Ships within 2 days of payment"; 0 days: the day of payment. */
export function dispatchPromise(handlingDays: number, locale: Locale): string {
  if (locale === "zh")
    return handlingDays <= 0 ? "付款后当天发货" : `付款后 ${handlingDays} 天内发货`;
  if (handlingDays <= 0) return "Ships the day you pay";
  return `Ships within ${handlingDays} ${handlingDays === 1 ? "day" : "days"} of payment`;
}
