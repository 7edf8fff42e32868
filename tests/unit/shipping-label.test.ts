import { describe, expect, it } from "vitest";
import { LABEL_HEIGHT_PT, LABEL_WIDTH_PT, renderLabels } from "~/shipping/labels.server";
import { maskName, maskPhone } from "~/shipping/parties";
import { shipmentRow } from "../factories/shipments";
import { pdfPageTexts as pageTexts, pdfStreams as streams } from "../setup/pdf-text";

describe("shipping labels", () => {
  const ambient = shipmentRow({ parcelIndex: 1, parcelCount: 2 });
  const chilled = shipmentRow({
    id: "shp_cold",
    trackingNumber: "EF100000025CN",
    service: "cold_chain",
    storage: "chilled",
    parcelIndex: 2,
    parcelCount: 2,
    units: [{ item: 1, quantity: 3, name: "东山红提 2 公斤" }],
  });

  const orderCodes = new Map([["ord_test", "HL7QX4M2KA"]]);

  it("is a valid PDF with one 100 × 150 mm page per parcel", async () => {
    const pdf = await renderLabels({ shipments: [ambient, chilled], orderCodes });
    const text = pdf.toString("latin1");
    expect(text.startsWith("%PDF-1.")).toBe(true);
    expect(text.trimEnd().endsWith("%%EOF")).toBe(true);
    expect(LABEL_WIDTH_PT).toBeCloseTo(283.46, 2);
    expect(LABEL_HEIGHT_PT).toBeCloseTo(425.2, 1);
    const pages = [...text.matchAll(/\/Type \/Page\b(?!s)/g)];
    expect(pages).toHaveLength(2);
    const boxes = [...text.matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    expect(boxes).toHaveLength(2);
    for (const [w, h] of boxes) {
      expect(w).toBeCloseTo(283.46, 1);
      expect(h).toBeCloseTo(425.2, 1);
    }
  });

  it("draws a barcode image on every page, with the number printed under it", async () => {
    const pdf = await renderLabels({ shipments: [ambient, chilled], orderCodes });
    const text = pdf.toString("latin1");
    expect([...text.matchAll(/\/Subtype \/Image/g)].length).toBeGreaterThanOrEqual(2);
    const pages = pageTexts(pdf);
    expect(pages).toHaveLength(2);
    expect(streams(pdf).filter((s) => /\/I\d+ Do/.test(s))).toHaveLength(2);
    expect(pages[0]).toContain("EA 1234 5678 5 CN");
    expect(pages[1]).toContain("EF 1000 0002 5 CN");
  });

  it("masks the recipient's phone but not the cooperative's own, says which parcel of how many, and the chargeable weight", async () => {
    const [page1 = "", page2 = ""] = pageTexts(
      await renderLabels({ shipments: [ambient, chilled], orderCodes }),
    );
    expect(page1).toContain("王小明");
    expect(page1).toContain("138****5678");
    expect(page1 + page2).not.toContain("13812345678");
    // The sender is the cooperative: the courier calls it about pickup or a return.
    expect(page1).toContain("13907971234");
    expect(page2).toContain("13907971234");
    expect(page1).toContain("Parcel 1 of 2");
    expect(page2).toContain("Parcel 2 of 2");
    expect(page1).toContain("11 kg");
    expect(page1).toContain("EXPRESS");
  });

  it("marks chilled parcels with the cold-chain range, and only those", async () => {
    const [page1 = "", page2 = ""] = pageTexts(
      await renderLabels({ shipments: [ambient, chilled], orderCodes }),
    );
    expect(page2).toContain("冷链 请冷藏 0–4 °C");
    expect(page2).toContain("KEEP CHILLED 0–4 °C");
    expect(page1).not.toContain("KEEP CHILLED");
  });

  it("prints the order's HL code, never its internal id", async () => {
    const pages = pageTexts(await renderLabels({ shipments: [ambient, chilled], orderCodes }));
    for (const page of pages) {
      expect(page).toContain("HL7QX4M2KA");
      expect(page).not.toContain("ord_test");
    }
    // An order whose code the caller could not resolve prints a dash, not the id.
    const [orphan = ""] = pageTexts(
      await renderLabels({ shipments: [ambient], orderCodes: new Map() }),
    );
    expect(orphan).toContain("Order: —");
    expect(orphan).not.toContain("ord_test");
  });

  it("refuses an empty set", async () => {
    await expect(renderLabels({ shipments: [], orderCodes })).rejects.toThrow(RangeError);
  });
});

describe("masking", () => {
  it("keeps the first three and last four digits of a phone", () => {
    expect(maskPhone("13812345678")).toBe("138****5678");
    expect(maskPhone("010-62345678")).toBe("010****5678");
    expect(maskPhone("0797-1234567")).toBe("079****4567");
    expect(maskName("王小明")).toBe("王**");
    expect(maskName("Li")).toBe("L*");
  });
});
