// Citrus drawings (navel orange, ponkan mandarin) and glossy citrus leaves.
// Every function returns SVG markup and registers its gradients on the Doc.
// Light always comes from the upper left; shadows fall to the lower right.
import {
  alphaMatrix,
  blob,
  darken,
  type Doc,
  dot,
  ellipsePath,
  f,
  glow,
  jitter,
  lighten,
  noiseSvg,
  tilePattern,
  type Rng,
  shadow,
  smoothOpen,
  TAU,
  wobble,
  type Pt,
} from "./art-core";

// ------------------------------------------------------------------ leaves

export type LeafOpts = { width?: number; color?: string; bend?: number; stalk?: number };

/** A glossy leaf from base (x,y) pointing at `angle` (radians), `len` long. */
export function leaf(
  doc: Doc,
  rng: Rng,
  x: number,
  y: number,
  len: number,
  angle: number,
  o: LeafOpts = {},
): string {
  const L = len;
  const w = L * (o.width ?? 0.36) * 0.5;
  const bend = (o.bend ?? rng.range(-0.12, 0.12)) * L;
  const c = jitter(o.color ?? "#2f6b2a", rng, 0.08);
  const stalk = (o.stalk ?? 0.08) * L;
  const mid = (u: number) => bend * Math.sin(Math.PI * u);
  const upper: Pt[] = [];
  const lower: Pt[] = [];
  for (let i = 0; i <= 8; i++) {
    const u = i / 8;
    const prof = Math.pow(Math.sin(Math.PI * Math.pow(u, 0.8)), 0.9) * (1 - 0.15 * u);
    upper.push([stalk + u * L, mid(u) - w * prof]);
    lower.push([stalk + u * L, mid(u) + w * prof]);
  }
  const midline: Pt[] = Array.from(
    { length: 9 },
    (_, i) => [stalk + (i / 8) * L, mid(i / 8)] as Pt,
  );
  const half = (side: Pt[]) =>
    `${smoothOpen(side)}${smoothOpen([...midline].reverse()).replace(/^M/, "L")}Z`;
  const lightFill = doc.linear(
    [
      [0, lighten(c, 0.25)],
      [0.6, c],
      [1, darken(c, 0.15)],
    ],
    { x1: 0, y1: 0, x2: 1, y2: 0.3 },
  );
  const darkFill = doc.linear(
    [
      [0, c],
      [1, darken(c, 0.35)],
    ],
    { x1: 0, y1: 0, x2: 1, y2: 0.3 },
  );
  let veins = "";
  for (let i = 1; i <= 6; i++) {
    const u = i / 7.5;
    const [bx, by] = [stalk + u * L, mid(u)];
    for (const s of [-1, 1]) {
      const prof = Math.sin(Math.PI * Math.pow(Math.min(1, u + 0.12), 0.8));
      veins += `M${f(bx)},${f(by)}Q${f(bx + L * 0.06)},${f(by + s * w * 0.45 * prof)} ${f(bx + L * 0.13)},${f(by + s * w * 0.8 * prof)}`;
    }
  }
  const deg = (angle * 180) / Math.PI;
  const gloss = doc.radial([
    [0, "#ffffff", 0.35],
    [1, "#ffffff", 0],
  ]);
  return (
    `<g transform="translate(${f(x)} ${f(y)}) rotate(${f(deg)})">` +
    `<path d="M0,0L${f(stalk + 2)},${f(mid(0))}" stroke="${darken(c, 0.3)}" stroke-width="${f(Math.max(2, L * 0.025))}" stroke-linecap="round"/>` +
    `<path d="${half(upper)}" fill="${lightFill}"/>` +
    `<path d="${half(lower)}" fill="${darkFill}"/>` +
    `<path d="${veins}" fill="none" stroke="${lighten(c, 0.3)}" stroke-opacity="0.35" stroke-width="${f(Math.max(0.8, L * 0.006))}"/>` +
    `<path d="${smoothOpen(midline)}" fill="none" stroke="${lighten(c, 0.45)}" stroke-opacity="0.7" stroke-width="${f(Math.max(1, L * 0.012))}"/>` +
    `<ellipse cx="${f(stalk + L * 0.42)}" cy="${f(mid(0.42) - w * 0.4)}" rx="${f(L * 0.28)}" ry="${f(w * 0.22)}" fill="${gloss}"/>` +
    `</g>`
  );
}

// ------------------------------------------------------------------ citrus

export type CitrusKind = "navel" | "mandarin";

const CITRUS = {
  navel: {
    stops: [
      [0, "#ffe09a"],
      [0.16, "#ffb840"],
      [0.5, "#fc9314"],
      [0.82, "#e96f04"],
      [1, "#b44a00"],
    ],
    squash: 0.96,
    pore: "#b85000",
  },
  mandarin: {
    stops: [
      [0, "#ffc27a"],
      [0.16, "#ff9b2c"],
      [0.5, "#f8720c"],
      [0.82, "#dc5303"],
      [1, "#9e3400"],
    ],
    squash: 0.84,
    pore: "#9a3300",
  },
} as const;

/** Peel pores; the tile is shared by all fruit of a kind (scaled by fruit size in steps). */
function peelTexture(doc: Doc, kind: CitrusKind, r: number): { dark: string; light: string } {
  const scale = Math.max(0.25, Math.round((r / 150) * 4) / 4);
  const freq = kind === "navel" ? 0.3 : 0.36;
  const tr = `scale(${scale})`;
  return {
    dark: tilePattern(
      doc,
      180,
      noiseSvg(180, freq, 2, 7, alphaMatrix(CITRUS[kind].pore, 3.2, 0.5)),
      tr,
    ),
    light: tilePattern(doc, 180, noiseSvg(180, freq, 1, 19, alphaMatrix("#fff0c0", 3, 0.55)), tr),
  };
}

export type CitrusOpts = {
  kind: CitrusKind;
  /** where the stem/navel sits, as an offset from the centre in units of r (null = hidden) */
  pole?: Pt | null;
  leaves?: number;
  leafAngle?: number;
  shadowStrength?: number;
  /** draw the contact shadow (false when hanging on a tree) */
  grounded?: boolean;
};

/** A whole citrus fruit centred at (x,y) with radius r. */
export function citrus(doc: Doc, rng: Rng, x: number, y: number, r: number, o: CitrusOpts): string {
  const spec = CITRUS[o.kind];
  const ry = r * spec.squash * rng.range(0.96, 1.02);
  const rx = r * rng.range(0.98, 1.03);
  const out: string[] = [];
  if (o.grounded !== false) {
    const s = o.shadowStrength ?? 0.55;
    out.push(shadow(doc, x + r * 0.22, y + ry * 0.72, rx * 1.12, ry * 0.42, s * 0.8));
    out.push(shadow(doc, x + r * 0.06, y + ry * 0.9, rx * 0.72, ry * 0.16, s));
  }
  const body = blob(x, y, rx, ry, 0, wobble(rng, o.kind === "mandarin" ? 0.03 : 0.018, 3), 16);
  const tone = rng.range(-0.06, 0.06);
  const stops = spec.stops.map(
    ([o2, c]) => [o2, tone > 0 ? lighten(c, tone) : darken(c, -tone)] as const,
  );
  out.push(
    `<path d="${body}" fill="${doc.radial(stops, { cx: 0.42, cy: 0.38, r: 0.68, fx: 0.34, fy: 0.28 })}"/>`,
  );
  const tex = peelTexture(doc, o.kind, r);
  out.push(`<path d="${body}" fill="${tex.dark}" fill-opacity="0.55"/>`);
  out.push(`<path d="${body}" fill="${tex.light}" fill-opacity="0.35"/>`);
  // bounce light from the table on the lower right rim
  out.push(
    `<path d="${body}" fill="${doc.radial(
      [
        [0, "#ffcf8a", 0],
        [0.8, "#ffcf8a", 0],
        [1, "#ffd9a0", 0.35],
      ],
      { cx: 0.42, cy: 0.36, r: 0.62 },
    )}"/>`,
  );
  // stem end / navel
  const pole =
    o.pole === undefined ? ([rng.range(-0.3, 0.3), rng.range(-0.45, 0.05)] as Pt) : o.pole;
  if (pole) {
    const px = x + pole[0] * rx;
    const py = y + pole[1] * ry;
    const tilt = Math.atan2(pole[1], pole[0]);
    const fore = 1 - Math.min(0.6, Math.hypot(pole[0], pole[1]) * 0.7);
    if (o.kind === "mandarin") {
      // sunken stem end with radial grooves
      let grooves = "";
      for (let i = 0; i < 9; i++) {
        const a = (i / 9) * TAU + rng.range(-0.2, 0.2);
        const l = r * rng.range(0.25, 0.45);
        const ca = Math.cos(a);
        const sa = Math.sin(a) * fore;
        grooves += `M${f(px + ca * r * 0.06)},${f(py + sa * r * 0.06)}Q${f(px + ca * l * 0.5 + sa * 6)},${f(py + sa * l * 0.5)} ${f(px + ca * l)},${f(py + sa * l)}`;
      }
      out.push(
        `<path d="${grooves}" fill="none" stroke="#8a2e00" stroke-opacity="0.28" stroke-width="${f(r * 0.035)}" stroke-linecap="round"/>`,
      );
      out.push(shadow(doc, px, py, r * 0.2, r * 0.2 * fore, 0.35, tilt, "#7a2800"));
    } else {
      out.push(shadow(doc, px, py, r * 0.14, r * 0.14 * fore, 0.5, tilt, "#7a2f00"));
    }
    if (o.kind === "navel" && !o.leaves) {
      // the navel: a small puckered button with creases
      let creases = "";
      for (let i = 0; i < 10; i++) {
        const a = (i / 10) * TAU + rng.range(-0.15, 0.15);
        const l = r * rng.range(0.06, 0.12);
        creases += `M${f(px + Math.cos(a) * r * 0.045)},${f(py + Math.sin(a) * r * 0.045 * fore)}l${f(Math.cos(a) * l)},${f(Math.sin(a) * l * fore)}`;
      }
      out.push(
        `<path d="${creases}" stroke="#8a3a00" stroke-opacity="0.45" stroke-width="${f(r * 0.018)}" fill="none" stroke-linecap="round"/>`,
      );
      out.push(
        `<path d="${ellipsePath(px, py, r * 0.06, r * 0.06 * fore, tilt)}" fill="${doc.radial([
          [0, "#6a2800"],
          [0.6, "#c86410"],
          [1, "#f0a040"],
        ])}"/>`,
      );
    } else {
      // calyx star + stem
      const cs = r * (o.kind === "mandarin" ? 0.13 : 0.1);
      const pts: string[] = [];
      for (let i = 0; i < 10; i++) {
        const a = (i / 10) * TAU + rng.range(-0.1, 0.1);
        const rr = i % 2 === 0 ? cs : cs * 0.45;
        pts.push(`${f(px + Math.cos(a) * rr)},${f(py + Math.sin(a) * rr * fore)}`);
      }
      out.push(
        `<path d="M${pts.join("L")}Z" fill="${doc.radial([
          [0, "#8da046"],
          [1, "#4f6420"],
        ])}" stroke="#3d4d18" stroke-width="${f(r * 0.01)}" stroke-linejoin="round"/>`,
      );
      if (o.leaves) {
        const base = o.leafAngle ?? tilt;
        for (let i = 0; i < o.leaves; i++) {
          const a = base + (i - (o.leaves - 1) / 2) * rng.range(0.5, 0.9);
          out.push(leaf(doc, rng, px, py, r * rng.range(1.1, 1.5), a, { color: "#2d6a2a" }));
        }
      }
      out.push(
        `<circle cx="${f(px)}" cy="${f(py)}" r="${f(cs * 0.38)}" fill="${doc.radial([
          [0, "#a08a50"],
          [1, "#5a4a22"],
        ])}"/>`,
      );
    }
  }
  // specular highlights (waxy peel)
  const hx = x - rx * 0.36;
  const hy = y - ry * 0.4;
  out.push(
    `<path d="${ellipsePath(hx, hy, r * 0.3, r * 0.18, -0.7)}" fill="${doc.radial([
      [0, "#ffffff", 0.55],
      [0.5, "#ffffff", 0.18],
      [1, "#ffffff", 0],
    ])}"/>`,
  );
  out.push(glow(doc, hx - r * 0.02, hy - r * 0.01, r * 0.07, "#ffffff", 0.75, 0.3));
  return out.join("");
}

/** A citrus half lying cut-face-up; `k` is the vertical squash of the cut face (camera tilt). */
export function citrusHalf(
  doc: Doc,
  rng: Rng,
  x: number,
  y: number,
  r: number,
  kind: CitrusKind,
  k = 0.62,
): string {
  const spec = CITRUS[kind];
  const out: string[] = [];
  const ry = r * k;
  const depth = r * (kind === "mandarin" ? 0.42 : 0.5) * (1 - k * 0.45);
  out.push(shadow(doc, x + r * 0.2, y + depth + ry * 0.35, r * 1.15, ry * 0.75, 0.55));
  // outside of the dome below the face
  const side = `M${f(x - r)},${f(y)}C${f(x - r)},${f(y + depth * 1.5 + ry * 0.6)} ${f(x + r)},${f(y + depth * 1.5 + ry * 0.6)} ${f(x + r)},${f(y)}Z`;
  out.push(
    `<path d="${side}" fill="${doc.linear(
      [
        [0, darken(spec.stops[3][1], 0.15)],
        [0.35, spec.stops[2][1]],
        [1, darken(spec.stops[4][1], 0.3)],
      ],
      { x1: 0, y1: 0, x2: 1, y2: 0.4 },
    )}"/>`,
  );
  out.push(`<path d="${side}" fill="${peelTexture(doc, kind, r).dark}" fill-opacity="0.5"/>`);
  // peel rim, pith, flesh
  out.push(`<path d="${ellipsePath(x, y, r, ry)}" fill="${darken(spec.stops[3][1], 0.05)}"/>`);
  out.push(
    `<path d="${ellipsePath(x, y, r * 0.95, ry * 0.95)}" fill="${kind === "navel" ? "#fff1d2" : "#ffdca8"}"/>`,
  );
  const fr = r * (kind === "navel" ? 0.86 : 0.9);
  const segs = kind === "navel" ? rng.int(10, 12) : rng.int(9, 11);
  const rot = rng.range(0, TAU);
  const flesh = doc.radial(
    [
      [0, kind === "navel" ? "#ffcb5c" : "#ffb34a"],
      [0.55, kind === "navel" ? "#ffa11f" : "#ff8a14"],
      [1, kind === "navel" ? "#f2830a" : "#e86a05"],
    ],
    {
      user: true,
      cx: x,
      cy: y,
      r: fr,
      transform: `translate(${f(x)} ${f(y)}) scale(1 ${k}) translate(${f(-x)} ${f(-y)})`,
    },
  );
  let wedges = "";
  let light = "";
  let dark = "";
  const pt = (a: number, rr: number): string =>
    `${f(x + Math.cos(a) * rr)},${f(y + Math.sin(a) * rr * k)}`;
  for (let i = 0; i < segs; i++) {
    const a0 = rot + (i / segs) * TAU + 0.02;
    const a1 = rot + ((i + 1) / segs) * TAU - 0.02;
    const core = r * 0.06;
    const am = (a0 + a1) / 2;
    wedges += `M${pt(am, core)}L${pt(a0 + 0.05, core * 1.8)}Q${pt(a0, fr * 0.6)} ${pt(a0 + 0.01, fr * 0.97)}Q${pt(am, fr * 1.05)} ${pt(a1 - 0.01, fr * 0.97)}Q${pt(a1, fr * 0.6)} ${pt(a1 - 0.05, core * 1.8)}Z`;
    for (let j = 0; j < 26; j++) {
      const a = rng.range(a0 + 0.05, a1 - 0.05);
      const rr = rng.range(0.18, 0.93) * fr;
      const len = r * rng.range(0.025, 0.06);
      const seg = `M${pt(a, rr)}L${pt(a, rr + len)}`;
      if (j % 3 === 0) dark += seg;
      else light += seg;
    }
  }
  out.push(`<path d="${wedges}" fill="${flesh}"/>`);
  out.push(
    `<path d="${wedges}" fill="none" stroke="${kind === "navel" ? "#e87400" : "#d85a00"}" stroke-opacity="0.35" stroke-width="${f(r * 0.035)}" stroke-linejoin="round"/>`,
  );
  out.push(
    `<path d="${dark}" fill="none" stroke="#d86a00" stroke-opacity="0.3" stroke-width="${f(r * 0.018)}" stroke-linecap="round"/>`,
  );
  out.push(
    `<path d="${light}" fill="none" stroke="#fff0b0" stroke-opacity="0.42" stroke-width="${f(r * 0.014)}" stroke-linecap="round"/>`,
  );
  out.push(
    `<path d="${ellipsePath(x, y, fr, fr * k)}" fill="${doc.radial([
      [0, "#fff", 0],
      [0.75, "#fff", 0],
      [1, "#b84a00", 0.22],
    ])}"/>`,
  );
  // juicy gloss
  out.push(
    `<path d="${ellipsePath(x - r * 0.25, y - ry * 0.35, r * 0.35, ry * 0.14, -0.25)}" fill="${doc.radial(
      [
        [0, "#ffffff", 0.6],
        [1, "#ffffff", 0],
      ],
    )}"/>`,
  );
  out.push(dotGlints(x, y, fr, k, rng));
  return out.join("");
}

function dotGlints(x: number, y: number, fr: number, k: number, rng: Rng): string {
  let d = "";
  for (let i = 0; i < 14; i++) {
    const a = rng.range(0, TAU);
    const rr = rng.range(0.15, 0.85) * fr;
    d += dot(x + Math.cos(a) * rr, y + Math.sin(a) * rr * k, fr * rng.range(0.008, 0.02));
  }
  return `<path d="${d}" fill="#ffffff" fill-opacity="0.8"/>`;
}
