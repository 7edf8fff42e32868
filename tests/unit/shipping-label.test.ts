import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { LABEL_HEIGHT_PT, LABEL_WIDTH_PT, renderLabels } from "~/shipping/labels.server";
import { maskName, maskPhone } from "~/shipping/parties";
import { shipmentRow } from "../factories/shipments";

/** Streams of a pdfkit PDF, inflated where compressed. */
function streams(pdf: Buffer): string[] {
  const out: string[] = [];
  const text = pdf.toString("latin1");
  const re = /(?<!end)stream\r?\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index + m[0].length;
    const end = text.indexOf("endstream", start);
    if (end < 0) break;
    const raw = pdf.subarray(start, end);
    try {
      out.push(inflateSync(raw).toString("latin1"));
    } catch {
      out.push(raw.toString("latin1"));
    }
    re.lastIndex = end + "endstream".length;
  }
  return out;
}

/** The text a reader would extract: glyph ids of TJ operators mapped through the ToUnicode CMap. */
function pageTexts(pdf: Buffer): string[] {
  const all = streams(pdf);
  const toUnicode = new Map<number, string>();
  for (const s of all.filter((x) => x.includes("beginbfrange"))) {
    for (const [, start, list] of s.matchAll(/<([0-9a-f]{4})> <[0-9a-f]{4}> \[([^\]]*)\]/gi)) {
      [...list!.matchAll(/<([^>]*)>/g)].forEach(([, hex], i) => {
        const units = hex!.split(" ").map((h) => parseInt(h, 16));
        toUnicode.set(parseInt(start!, 16) + i, String.fromCharCode(...units));
      });
    }
  }
  return all
    .filter((s) => s.includes(" TJ"))
    .map((s) =>
      [...s.matchAll(/\[([^\]]*)\] TJ/g)]
        .map(([, parts]) =>
          [...parts!.matchAll(/<([0-9a-f]*)>/gi)]
            .map(([, hex]) =>
              hex!
                .match(/.{4}/g)!
                .map((g) => toUnicode.get(parseInt(g, 16)) ?? "\uFFFD")
                .join(""),
            )
            .join(""),
        )
        .join("\n"),
    );
}

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

  it("is a valid PDF with one 100 × 150 mm page per parcel", async () => {
    const pdf = await renderLabels({ shipments: [ambient, chilled] });
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
    const pdf = await renderLabels({ shipments: [ambient, chilled] });
    const text = pdf.toString("latin1");
    expect([...text.matchAll(/\/Subtype \/Image/g)].length).toBeGreaterThanOrEqual(2);
    const pages = pageTexts(pdf);
    expect(pages).toHaveLength(2);
    expect(streams(pdf).filter((s) => /\/I\d+ Do/.test(s))).toHaveLength(2);
    expect(pages[0]).toContain("EA 1234 5678 5 CN");
    expect(pages[1]).toContain("EF 1000 0002 5 CN");
  });

  it("masks phones, says which parcel of how many, and the chargeable weight", async () => {
    const [page1 = "", page2 = ""] = pageTexts(
      await renderLabels({ shipments: [ambient, chilled] }),
    );
    expect(page1).toContain("王小明");
    expect(page1).toContain("138****5678");
    expect(page1).toContain("139****1234");
    expect(page1 + page2).not.toContain("13812345678");
    expect(page1 + page2).not.toContain("13907971234");
    expect(page1).toContain("Parcel 1 of 2");
    expect(page2).toContain("Parcel 2 of 2");
    expect(page1).toContain("11 kg");
    expect(page1).toContain("EXPRESS");
  });

  it("marks chilled parcels with the cold-chain range, and only those", async () => {
    const [page1 = "", page2 = ""] = pageTexts(
      await renderLabels({ shipments: [ambient, chilled] }),
    );
    expect(page2).toContain("冷链 请冷藏 0–4 °C");
    expect(page2).toContain("KEEP CHILLED 0–4 °C");
    expect(page1).not.toContain("KEEP CHILLED");
  });

  it("refuses an empty set", async () => {
    await expect(renderLabels({ shipments: [] })).rejects.toThrow(RangeError);
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
