import { describe, expect, it } from "vitest";
import { shipmentTranslator } from "~/shipping/shipment-messages";
import { orderTranslator } from "~/orders/order-messages";

describe("a parcel not yet handed to the carrier", () => {
  it("reads 运单已生成，待揽收 / Label created, awaiting pickup, and never claims to be packed", () => {
    expect(shipmentTranslator("zh")("status.created")).toBe("运单已生成，待揽收");
    expect(shipmentTranslator("en")("status.created")).toBe("Label created, awaiting pickup");
    for (const locale of ["zh", "en"] as const) {
      const words = [
        shipmentTranslator(locale)("track.noEvents"),
        orderTranslator(locale)("order.noEvents"),
      ].join(" ");
      expect(words).not.toMatch(/打包|[Pp]acked/);
    }
  });
});
