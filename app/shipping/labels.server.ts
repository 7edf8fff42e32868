import { readFileSync } from "node:fs";
import path from "node:path";
import bwipjs from "bwip-js/node";
import PDFDocument from "pdfkit";
import type { ShipmentRow } from "../../db/shipping-schema";
import { formatWeight } from "../lib/money";
import { maskPhone, partyPlace, type Party } from "./parties";
import { provinceName } from "../lib/regions";
import type { ParcelLine } from "./shipments.server";
import { displayTrackingNumber } from "./s10";
import { woffToSfnt } from "./woff.server";

/** 100 × 150 mm, the common thermal label size, in PDF points (1 mm = 72 / 25.4 pt). */
export const LABEL_WIDTH_PT = (100 * 72) / 25.4;
export const LABEL_HEIGHT_PT = (150 * 72) / 25.4;
export const CHILLED_RANGE = "0–4 °C";

// Noto Sans SC (SIL OFL 1.1, see fonts/OFL-NotoSansSC.txt): the simplified-Chinese subset, which
// also covers Latin. PDF viewers and printers have no CJK font of their own, so it is embedded
// (pdfkit subsets it to the glyphs used, a few kB per label).
const FONT_FILE = path.resolve(
  process.cwd(),
  "app/shipping/fonts/noto-sans-sc-chinese-simplified-400-normal.woff",
);
let font: Buffer | undefined;
const labelFont = () => (font ??= woffToSfnt(readFileSync(FONT_FILE)));

const SERVICE_TEXT = {
  express: { zh: "标准快递", en: "EXPRESS" },
  economy: { zh: "经济快递", en: "ECONOMY" },
  cold_chain: { zh: "冷链快递", en: "COLD CHAIN" },
} as const;

const M = 10; // margin, pt
const W = LABEL_WIDTH_PT - 2 * M;

async function barcodePng(text: string): Promise<Buffer> {
  return bwipjs.toBuffer({
    bcid: "code128",
    text,
    scale: 3,
    height: 14,
    includetext: false,
    paddingwidth: 0,
  });
}

/**
 * One PDF with a page per parcel, in the order given (e.g. all parcels of an order, or the
 * parcels an owner picked). `orderCodes` maps order ids to the `HL…` codes printed on the label:
 * the code is what the owner and the shopper know the order by; the internal id is never printed.
 */
export async function renderLabels({
  shipments,
  orderCodes,
  printedAt = new Date(),
}: {
  shipments: ShipmentRow[];
  orderCodes: ReadonlyMap<string, string>;
  printedAt?: Date;
}): Promise<Buffer> {
  if (shipments.length === 0) throw new RangeError("no shipments to label");
  const barcodes = await Promise.all(shipments.map((s) => barcodePng(s.trackingNumber)));
  const doc = new PDFDocument({
    size: [LABEL_WIDTH_PT, LABEL_HEIGHT_PT],
    margin: 0,
    autoFirstPage: false,
    info: {
      Title: `Shipping labels ${shipments.map((s) => s.trackingNumber).join(" ")}`,
      Producer: "Harvest Live",
      CreationDate: printedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  doc.registerFont("cjk", labelFont());
  shipments.forEach((s, i) =>
    drawLabel(doc, s, barcodes[i]!, (s.orderId && orderCodes.get(s.orderId)) || "—", printedAt),
  );
  doc.end();
  return done;
}

function drawLabel(
  doc: PDFKit.PDFDocument,
  s: ShipmentRow,
  barcode: Buffer,
  orderCode: string,
  printedAt: Date,
): void {
  doc.addPage({ size: [LABEL_WIDTH_PT, LABEL_HEIGHT_PT], margin: 0 });
  doc.font("cjk").fillColor("black").strokeColor("black").lineWidth(1);
  const sender = s.sender as Party;
  const recipient = s.recipient as Party;
  const chilled = s.storage === "chilled";
  const service = SERVICE_TEXT[s.service];

  // Header: service, and which parcel of the order this is.
  let y = M;
  doc.fontSize(15).text(`${service.zh} ${service.en}`, M, y, { width: W * 0.68, lineBreak: false });
  doc.fontSize(15).text(`${s.parcelIndex} / ${s.parcelCount}`, M, y, {
    width: W,
    align: "right",
    lineBreak: false,
  });
  y += 20;
  doc
    .fontSize(7)
    .text(
      `第 ${s.parcelIndex} 件，共 ${s.parcelCount} 件 · Parcel ${s.parcelIndex} of ${s.parcelCount}`,
      M,
      y,
      { width: W, align: "right" },
    );
  y += 12;
  rule(doc, y);

  // Barcode with the number in readable groups under it.
  y += 6;
  doc.image(barcode, M + 8, y, { width: W - 16, height: 58 });
  y += 62;
  doc.fontSize(12).text(displayTrackingNumber(s.trackingNumber), M, y, {
    width: W,
    align: "center",
    characterSpacing: 1,
  });
  y += 18;
  rule(doc, y);

  // Recipient first and largest: it is what the courier reads.
  y += 5;
  y = party(doc, "收件人 TO", recipient, y, 12, { maskPhone: true });
  rule(doc, y);
  y += 5;
  // The sender is the cooperative itself: its number in full, so the courier can call about pickup
  // or a return. The recipient's stays masked (privacy waybill, 隐私面单, as Chinese carriers print).
  y = party(doc, "寄件人 FROM", sender, y, 8.5, { maskPhone: false });
  rule(doc, y);

  // Weights, route and contents.
  y += 5;
  doc.fontSize(8.5);
  // The embedded subset has no arrow glyph; 至 reads naturally ("Jiangxi to Beijing").
  const route = `${provinceName(s.originProvince, "zh")} 至 ${provinceName(s.destinationProvince, "zh")}`;
  doc.text(
    `计费重量 Chargeable: ${formatWeight(s.chargeableG, "en")}   实重 Actual: ${formatWeight(s.actualG, "en")}`,
    M,
    y,
    { width: W },
  );
  y += 12;
  doc.text(`线路 Route: ${route} (${s.zone})   时效 Transit: ${s.transitDays} d`, M, y, {
    width: W,
  });
  y += 12;
  doc.text(`订单 Order: ${orderCode}`, M, y, { width: W });
  y += 12;
  const lines = (s.units as ParcelLine[])
    .map((l) => `${l.name ?? `#${l.item + 1}`} × ${l.quantity}`)
    .join("，");
  doc.fontSize(7.5).text(`内件 Contents: ${lines}`, M, y, { width: W, height: 20, ellipsis: true });

  // Cold-chain mark: inverted block, unmistakable at arm's length.
  const footerY = LABEL_HEIGHT_PT - M - (chilled ? 62 : 12);
  if (chilled) {
    doc.rect(M, footerY, W, 50).fill("black");
    snowflake(doc, M + 22, footerY + 25, 15);
    doc
      .fillColor("white")
      .fontSize(17)
      .text(`冷链 请冷藏 ${CHILLED_RANGE}`, M + 40, footerY + 5, {
        width: W - 44,
        align: "center",
      });
    doc.fontSize(9.5).text(`KEEP CHILLED ${CHILLED_RANGE} · DO NOT FREEZE`, M + 40, footerY + 30, {
      width: W - 44,
      align: "center",
    });
    doc.fillColor("black").strokeColor("black").lineWidth(1);
  }
  doc
    .fontSize(6.5)
    .text(
      `订单 Order ${orderCode} · 打印 ${printedAt.toISOString().slice(0, 10)} · Harvest Live`,
      M,
      LABEL_HEIGHT_PT - M - 8,
      {
        width: W,
        align: "center",
        lineBreak: false,
      },
    );
}

function party(
  doc: PDFKit.PDFDocument,
  heading: string,
  p: Party,
  y: number,
  size: number,
  { maskPhone: masked }: { maskPhone: boolean },
): number {
  doc.fontSize(7).text(heading, M, y);
  y += 10;
  const phone = masked ? maskPhone(p.phone) : p.phone;
  doc.fontSize(size).text(`${p.name}  ${phone}`, M, y, { width: W });
  y += size + 4;
  const address = `${partyPlace(p)} ${p.address}${p.postcode ? ` ${p.postcode}` : ""}`;
  doc.fontSize(size * 0.85).text(address, M, y, { width: W, height: size * 2.4, ellipsis: true });
  return y + Math.min(doc.heightOfString(address, { width: W }), size * 2.4) + 4;
}

/** Drawn, not typed: the font subset has no snowflake glyph. */
function snowflake(doc: PDFKit.PDFDocument, cx: number, cy: number, r: number): void {
  doc.strokeColor("white").lineWidth(2).lineCap("round");
  for (let k = 0; k < 6; k++) {
    const a = (k * Math.PI) / 3;
    const [dx, dy] = [Math.cos(a), Math.sin(a)];
    doc
      .moveTo(cx, cy)
      .lineTo(cx + dx * r, cy + dy * r)
      .stroke();
    // Two small barbs on each arm.
    const bx = cx + dx * r * 0.6;
    const by = cy + dy * r * 0.6;
    for (const side of [-1, 1]) {
      const b = a + (side * Math.PI) / 4;
      doc
        .moveTo(bx, by)
        .lineTo(bx + Math.cos(b) * r * 0.35, by + Math.sin(b) * r * 0.35)
        .stroke();
    }
  }
  doc.lineCap("butt");
}

function rule(doc: PDFKit.PDFDocument, y: number): void {
  doc
    .moveTo(M, y)
    .lineTo(LABEL_WIDTH_PT - M, y)
    .stroke();
}
