// Potatoes (yellow-fleshed and purple), whole and cut, plus potato-plant foliage.
import {
  alphaMatrix,
  blobPoints,
  darken,
  type Doc,
  dot,
  ellipsePath,
  f,
  glow,
  jitter,
  lighten,
  noisePattern,
  type Rng,
  shadow,
  smoothClosed,
  TAU,
  wobble,
  type Pt,
} from "./art-core";

const SKIN = {
  yellow: {
    stops: ["#efd7a4", "#dcb97e", "#b88d55", "#7c5830"],
    blotch: "#7a5226",
    lenticel: "#f6e4b8",
    flesh: ["#fbefb4", "#f5dd88", "#e8c56a"],
    ring: "#f9eab0",
  },
  purple: {
    stops: ["#92598a", "#6c2f66", "#4a1a47", "#230a24"],
    blotch: "#1e0820",
    lenticel: "#b78ab0",
    flesh: ["#a452b8", "#7a2a92", "#4e1668"],
    ring: "#d08ee0",
  },
} as const;
export type PotatoKind = keyof typeof SKIN;

function skinTextures(doc: Doc, kind: PotatoKind): { blotch: string; fine: string } {
  const s = SKIN[kind];
  return {
    blotch: noisePattern(doc, {
      size: 260,
      freq: 0.035,
      octaves: 3,
      seed: 11,
      matrix: alphaMatrix(s.blotch, 3, 0.5),
    }),
    fine: noisePattern(doc, {
      size: 180,
      freq: 0.45,
      octaves: 2,
      seed: 23,
      matrix: alphaMatrix(s.blotch, 3, 0.55),
    }),
  };
}

export type PotatoOpts = {
  kind: PotatoKind;
  rot?: number;
  aspect?: number;
  soil?: number;
  grounded?: boolean;
};

/** A whole potato centred at (x,y), half-length `size`. */
export function potato(
  doc: Doc,
  rng: Rng,
  x: number,
  y: number,
  size: number,
  o: PotatoOpts,
): string {
  const s = SKIN[o.kind];
  const rot = o.rot ?? rng.range(-0.6, 0.6);
  const rx = size;
  const ry = size * (o.aspect ?? rng.range(0.6, 0.78));
  const w = wobble(rng, 0.07, 3);
  const pts = blobPoints(x, y, rx, ry, rot, w, 20);
  const body = smoothClosed(pts);
  const out: string[] = [];
  if (o.grounded !== false) {
    const ext = Math.abs(Math.cos(rot)) * rx + Math.abs(Math.sin(rot)) * ry;
    out.push(shadow(doc, x + size * 0.15, y + ry * 0.75, ext * 1.08, ry * 0.45, 0.55));
    out.push(shadow(doc, x + size * 0.05, y + ry * 0.85, ext * 0.8, ry * 0.18, 0.6));
  }
  const tone = rng.range(-0.07, 0.07);
  const adj = (c: string) => (tone > 0 ? lighten(c, tone) : darken(c, -tone));
  out.push(
    `<path d="${body}" fill="${doc.radial(
      [
        [0, adj(s.stops[0])],
        [0.35, adj(s.stops[1])],
        [0.75, adj(s.stops[2])],
        [1, adj(s.stops[3])],
      ],
      { cx: 0.44, cy: 0.4, r: 0.66, fx: 0.36, fy: 0.3 },
    )}"/>`,
  );
  const tex = skinTextures(doc, o.kind);
  out.push(`<path d="${body}" fill="${tex.blotch}" fill-opacity="0.45"/>`);
  out.push(`<path d="${body}" fill="${tex.fine}" fill-opacity="0.5"/>`);
  // local frame helpers
  const c = Math.cos(rot);
  const sn = Math.sin(rot);
  const at = (u: number, v: number): Pt => [
    x + u * rx * c - v * ry * sn,
    y + u * rx * sn + v * ry * c,
  ];
  // lenticels (tiny light dots) and dark specks
  let lent = "";
  let speck = "";
  for (let i = 0; i < 40; i++) {
    const a = rng.range(0, TAU);
    const rr = Math.sqrt(rng.next()) * 0.85;
    const [px, py] = at(Math.cos(a) * rr, Math.sin(a) * rr);
    if (i % 3 === 0) speck += dot(px, py, size * rng.range(0.008, 0.016));
    else lent += dot(px, py, size * rng.range(0.008, 0.014));
  }
  out.push(`<path d="${lent}" fill="${s.lenticel}" fill-opacity="0.55"/>`);
  out.push(`<path d="${speck}" fill="${darken(s.blotch, 0.3)}" fill-opacity="0.45"/>`);
  // eyes: small dark dimples with a lighter lip
  let eyes = "";
  let lips = "";
  const nEyes = rng.int(2, 5);
  for (let i = 0; i < nEyes; i++) {
    const a = rng.range(0, TAU);
    const rr = rng.range(0.3, 0.8);
    const [ex, ey] = at(Math.cos(a) * rr, Math.sin(a) * rr * 0.9);
    const l = size * rng.range(0.035, 0.06);
    const ang = rot + rng.range(-0.6, 0.6);
    eyes += ellipsePath(ex, ey, l, l * 0.38, ang);
    lips += ellipsePath(ex - l * 0.1, ey - l * 0.35, l * 1.1, l * 0.4, ang);
  }
  out.push(`<path d="${lips}" fill="${lighten(s.stops[1], 0.25)}" fill-opacity="0.35"/>`);
  out.push(`<path d="${eyes}" fill="${darken(s.stops[3], 0.3)}" fill-opacity="0.55"/>`);
  // clinging soil
  const soil = o.soil ?? rng.range(0.2, 0.8);
  if (soil > 0) {
    let dirt = "";
    const n = Math.round(soil * 6);
    for (let i = 0; i < n; i++) {
      const a = rng.range(0.2, Math.PI - 0.2);
      const rr = rng.range(0.55, 0.9);
      const [dx, dy] = at(Math.cos(a) * rr, Math.sin(a) * rr);
      dirt += smoothClosed(
        blobPoints(
          dx,
          dy,
          size * rng.range(0.06, 0.16),
          size * rng.range(0.04, 0.09),
          rng.range(0, TAU),
          wobble(rng, 0.25, 3),
          9,
        ),
      );
    }
    const soilTex = noisePattern(doc, {
      size: 140,
      freq: 0.12,
      octaves: 3,
      seed: 9,
      matrix: alphaMatrix("#3e2a18", 3, 0.35),
    });
    out.push(`<path d="${dirt}" fill="${soilTex}" fill-opacity="${f(0.5 + soil * 0.4)}"/>`);
    let grit = "";
    for (let i = 0; i < 30 * soil; i++) {
      const a = rng.range(0, Math.PI);
      const rr = rng.range(0.4, 0.95);
      const [gx, gy] = at(Math.cos(a) * rr, Math.sin(a) * rr);
      grit += dot(gx, gy, size * rng.range(0.006, 0.015));
    }
    out.push(`<path d="${grit}" fill="#3a2616" fill-opacity="0.6"/>`);
  }
  // soft sheen (potatoes are matte)
  const [hx, hy] = at(-0.35, -0.4);
  out.push(glow(doc, hx, hy, size * 0.35, "#fff8e8", o.kind === "purple" ? 0.22 : 0.28, 0.1));
  return out.join("");
}

/** A potato cut in half lengthwise, face up, showing the flesh. */
export function potatoHalf(
  doc: Doc,
  rng: Rng,
  x: number,
  y: number,
  size: number,
  kind: PotatoKind,
  k = 0.68,
): string {
  const s = SKIN[kind];
  const rot = rng.range(-0.25, 0.25);
  const w = wobble(rng, 0.08, 3);
  const ry = size * rng.range(0.56, 0.66);
  const squash = (p: Pt): Pt => [p[0], y + (p[1] - y) * k];
  const n = 24;
  const face = blobPoints(x, y, size, ry, rot, w, n).map(squash);
  // rounded belly of skin under the cut face
  const depth = ry * 0.3 * (1 - k * 0.3);
  const belly = face.map(([px, py], i): Pt => {
    const a = (i / n) * TAU;
    return [px, py + depth * Math.max(0, Math.sin(a)) * 1.2];
  });
  const out = [
    shadow(doc, x + size * 0.12, y + ry * k * 0.55 + depth, size * 1.12, ry * k * 0.8, 0.6),
  ];
  out.push(
    `<path d="${smoothClosed(belly)}" fill="${doc.linear(
      [
        [0, s.stops[1]],
        [0.35, s.stops[2]],
        [1, s.stops[3]],
      ],
      { x1: 0, y1: 0, x2: 0.5, y2: 1 },
    )}"/>`,
  );
  const tex = skinTextures(doc, kind);
  out.push(`<path d="${smoothClosed(belly)}" fill="${tex.blotch}" fill-opacity="0.45"/>`);
  out.push(`<path d="${smoothClosed(belly)}" fill="${tex.fine}" fill-opacity="0.5"/>`);
  // thin skin rim + flesh
  out.push(`<path d="${smoothClosed(face)}" fill="${darken(s.stops[2], 0.15)}"/>`);
  const inner = blobPoints(x, y, size * 0.95, ry * 0.93, rot, w, n).map(squash);
  out.push(
    `<path d="${smoothClosed(inner)}" fill="${doc.radial(
      [
        [0, s.flesh[0]],
        [0.6, s.flesh[1]],
        [1, s.flesh[2]],
      ],
      { cx: 0.45, cy: 0.45, r: 0.62 },
    )}"/>`,
  );
  // vascular ring and (purple) marbling
  const ring = blobPoints(x, y, size * 0.82, ry * 0.76, rot, w, n).map(squash);
  out.push(
    `<path d="${smoothClosed(ring)}" fill="none" stroke="${s.ring}" stroke-opacity="0.75" stroke-width="${f(size * 0.03)}"/>`,
  );
  out.push(
    `<path d="${smoothClosed(ring)}" fill="none" stroke="${darken(s.flesh[2], 0.15)}" stroke-opacity="0.25" stroke-width="${f(size * 0.01)}" transform="translate(0 ${f(size * 0.015)})"/>`,
  );
  if (kind === "purple") {
    let marb = "";
    for (let i = 0; i < 16; i++) {
      const a = rng.range(0, TAU);
      const r0 = rng.range(0.05, 0.45);
      const r1 = r0 + rng.range(0.15, 0.35);
      marb += `M${f(x + Math.cos(a) * size * r0)},${f(y + Math.sin(a) * ry * r0 * k)}Q${f(x + Math.cos(a + 0.2) * size * (r0 + r1) * 0.5)},${f(y + Math.sin(a + 0.2) * ry * (r0 + r1) * 0.5 * k)} ${f(x + Math.cos(a + 0.1) * size * r1)},${f(y + Math.sin(a + 0.1) * ry * r1 * k)}`;
    }
    out.push(
      `<path d="${marb}" fill="none" stroke="#d9a6ea" stroke-opacity="0.16" stroke-width="${f(size * 0.07)}" stroke-linecap="round"/>`,
    );
    out.push(
      `<path d="${marb}" fill="none" stroke="#ecc8f4" stroke-opacity="0.2" stroke-width="${f(size * 0.02)}" stroke-linecap="round"/>`,
    );
  }
  out.push(
    `<path d="${smoothClosed(inner)}" fill="${noisePattern(doc, { size: 160, freq: 0.35, octaves: 2, seed: 5, matrix: alphaMatrix(darken(s.flesh[2], 0.2), 2.6, 0.5) })}" fill-opacity="0.55"/>`,
  );
  // moist sheen and starch sparkle
  out.push(
    `<ellipse cx="${f(x - size * 0.28)}" cy="${f(y - ry * k * 0.32)}" rx="${f(size * 0.42)}" ry="${f(ry * k * 0.16)}" fill="${doc.radial(
      [
        [0, "#ffffff", 0.55],
        [1, "#ffffff", 0],
      ],
    )}"/>`,
  );
  let sparkle = "";
  for (let i = 0; i < 12; i++) {
    const a = rng.range(0, TAU);
    const rr = Math.sqrt(rng.next()) * 0.8;
    sparkle += dot(
      x + Math.cos(a) * size * rr,
      y + Math.sin(a) * ry * rr * k,
      size * rng.range(0.006, 0.014),
    );
  }
  out.push(`<path d="${sparkle}" fill="#ffffff" fill-opacity="0.7"/>`);
  return out.join("");
}

/** Potato plant foliage: a clump of compound leaves (for field scenes). */
export function potatoPlant(
  doc: Doc,
  rng: Rng,
  x: number,
  y: number,
  size: number,
  flowers: boolean,
): string {
  const out: string[] = [];
  out.push(shadow(doc, x, y, size * 1.2, size * 0.25, 0.5));
  const green = jitter("#3f7a2c", rng, 0.1);
  const n = Math.round(12 + size / 10);
  const leaves: { x: number; y: number; r: number; a: number }[] = [];
  for (let i = 0; i < n; i++) {
    const a = rng.range(-Math.PI * 0.95, -Math.PI * 0.05);
    const d = rng.range(0.2, 1) * size;
    leaves.push({
      x: x + Math.cos(a) * d * 1.1,
      y: y + Math.sin(a) * d * 0.8,
      r: size * rng.range(0.2, 0.32),
      a,
    });
  }
  leaves.sort((p, q) => p.y - q.y);
  for (const l of leaves) {
    const c = jitter(green, rng, 0.12);
    // a pointed oval leaflet from the stem outwards
    const a = l.a + rng.range(-0.5, 0.5);
    const bx = l.x - Math.cos(a) * l.r;
    const by = l.y - Math.sin(a) * l.r * 0.8;
    const tx = l.x + Math.cos(a) * l.r;
    const ty = l.y + Math.sin(a) * l.r * 0.8;
    const nx = -Math.sin(a) * l.r * 0.75;
    const ny = Math.cos(a) * l.r * 0.75;
    const body = `M${f(bx)},${f(by)}Q${f(l.x + nx)},${f(l.y + ny)} ${f(tx)},${f(ty)}Q${f(l.x - nx)},${f(l.y - ny)} ${f(bx)},${f(by)}Z`;
    out.push(
      `<path d="${body}" fill="${doc.radial(
        [
          [0, lighten(c, 0.3)],
          [0.7, c],
          [1, darken(c, 0.35)],
        ],
        { cx: 0.4, cy: 0.35, r: 0.7 },
      )}"/>`,
    );
    out.push(
      `<path d="M${f(bx)},${f(by)}L${f(tx)},${f(ty)}" stroke="${lighten(c, 0.35)}" stroke-opacity="0.5" stroke-width="${f(Math.max(0.8, l.r * 0.05))}"/>`,
    );
  }
  if (flowers) {
    let petals = "";
    let centres = "";
    for (let i = 0; i < 5; i++) {
      const fx = x + rng.range(-0.7, 0.7) * size;
      const fy = y - rng.range(0.6, 1) * size * 0.8;
      for (let p = 0; p < 5; p++) {
        const a = (p / 5) * TAU;
        petals += dot(fx + Math.cos(a) * size * 0.04, fy + Math.sin(a) * size * 0.04, size * 0.035);
      }
      centres += dot(fx, fy, size * 0.018);
    }
    out.push(`<path d="${petals}" fill="#f4f0fa"/>`, `<path d="${centres}" fill="#f2c21b"/>`);
  }
  return out.join("");
}
