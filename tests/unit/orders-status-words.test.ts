import { describe, expect, it } from "vitest";
import { adminOrderMessages } from "~/orders/admin-order-messages";
import { orderMessages } from "~/orders/order-messages";
import { presaleOrderMessages } from "~/presale/presale-order-messages";

describe("what a paid order not yet with the carrier is called", () => {
  it("reads 待发货 when paid and 待揽收 once its labels exist, alike for owner and shopper", () => {
    for (const [locale, paid, fulfilling] of [
      ["zh", "待发货", "待揽收"],
      ["en", "To ship", "Awaiting pickup"],
    ] as const) {
      const admin = adminOrderMessages[locale];
      const shopper = orderMessages[locale];
      expect([admin["orders.status.paid"], shopper["status.paid"]]).toEqual([paid, paid]);
      expect([admin["orders.status.fulfilling"], shopper["status.fulfilling"]]).toEqual([
        fulfilling,
        fulfilling,
      ]);
    }
  });

  it("no word for an order or parcel says it is shipping before the carrier has it", () => {
    const books: Array<Record<string, Record<string, string>>> = [
      adminOrderMessages,
      orderMessages,
      presaleOrderMessages,
    ];
    const all = books.flatMap((m) => Object.values(m).flatMap((words) => Object.values(words)));
    expect(all.filter((w) => /发货中|正在发货|is shipping|are shipping/.test(w))).toEqual([]);
  });
});
