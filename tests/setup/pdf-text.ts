import { inflateSync } from "node:zlib";

/** Streams of a pdfkit PDF, inflated where compressed. */
export function pdfStreams(pdf: Buffer): string[] {
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
export function pdfPageTexts(pdf: Buffer): string[] {
  const all = pdfStreams(pdf);
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
