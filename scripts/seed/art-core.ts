// Shared building blocks for the procedural product photos (see ./art.ts):
// a deterministic PRNG, colour maths, an SVG document builder that collects
// <defs>, and a few geometry helpers (smooth blobs, soft shadows).
//
// Performance notes for librsvg (measured on the 2-core dev box):
//  * element `opacity` forces an offscreen group per element — always use
//    fill-opacity / stroke-opacity / stop-opacity instead;
//  * filters are expensive at full size — soft shadows and bokeh are drawn
//    with radial gradients, and textures (feTurbulence noise, packed grains)
//    are rasterised once per process into small PNG tiles that <pattern>s
//    repeat (a filter inside a pattern would be re-run for every use);
//  * thousands of tiny dots are batched into one <path> per colour.

import sharp from "sharp";

export type Rng = {
  next(): number;
  range(a: number, b: number): number;
  int(a: number, b: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  gauss(): number;
  fork(salt: number): Rng;
};

/** mulberry32 — tiny, fast and good enough for art. */
export function makeRng(seed: number): Rng {
  let s = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    next,
    range: (a, b) => a + (b - a) * next(),
    int: (a, b) => a + Math.floor(next() * (b - a + 1)),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error("pick from empty list");
      return item;
    },
    gauss: () => {
      let u = 0;
      for (let i = 0; i < 4; i++) u += next();
      return (u - 2) / 0.577;
    },
    fork: (salt) => makeRng((Math.floor(next() * 4294967296) ^ Math.imul(salt, 0x85ebca6b)) >>> 0),
  };
  return rng;
}

// ------------------------------------------------------------------ numbers

/** Round for compact SVG output. */
export const f = (n: number): string => String(Math.round(n * 10) / 10);
export const clamp = (v: number, a: number, b: number): number => Math.min(b, Math.max(a, v));
export const lerp = (a: number, b: number, t: number): number => a + (b - a) * t;
export const TAU = Math.PI * 2;

// ------------------------------------------------------------------- colour

type Rgb = [number, number, number];

function parseHex(hex: string): Rgb {
  const h = hex.replace("#", "");
  const n = parseInt(h.length === 3 ? h.replace(/(.)/g, "$1$1") : h, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function toHex([r, g, b]: Rgb): string {
  const c = (v: number) =>
    Math.round(clamp(v, 0, 255))
      .toString(16)
      .padStart(2, "0");
  return `#${c(r)}${c(g)}${c(b)}`;
}

/** Mix two hex colours; t=0 → a, t=1 → b. */
export function mix(a: string, b: string, t: number): string {
  const x = parseHex(a);
  const y = parseHex(b);
  return toHex([lerp(x[0], y[0], t), lerp(x[1], y[1], t), lerp(x[2], y[2], t)]);
}
export const lighten = (c: string, t: number): string => mix(c, "#ffffff", t);
export const darken = (c: string, t: number): string => mix(c, "#000000", t);
/** Randomly nudge a colour's channels by up to ±amt (0..1). */
export function jitter(c: string, rng: Rng, amt: number): string {
  const [r, g, b] = parseHex(c);
  const d = () => 1 + rng.range(-amt, amt);
  const k = d();
  return toHex([r * k * d(), g * k * d(), b * k * d()]);
}

// ---------------------------------------------------------------- svg doc

/** [offset 0..1, colour, opacity?] */
export type Stop = readonly [number, string, number?];

type GradOpts = {
  cx?: number;
  cy?: number;
  r?: number;
  fx?: number;
  fy?: number;
  x1?: number;
  y1?: number;
  x2?: number;
  y2?: number;
  user?: boolean;
  transform?: string;
  spread?: "pad" | "reflect" | "repeat";
};

export class Doc {
  readonly defs: string[] = [];
  /** pattern id → tile svg, rasterised in toSvg() */
  readonly tiles = new Map<string, string>();
  private n = 0;
  private cache = new Map<string, string>();

  constructor(
    readonly W: number,
    readonly H: number,
    readonly rng: Rng,
  ) {}

  id(prefix: string): string {
    this.n += 1;
    return `${prefix}${this.n}`;
  }

  /** Add a def once per key; returns its id. */
  defOnce(key: string, make: (id: string) => string): string {
    const hit = this.cache.get(key);
    if (hit) return hit;
    const id = this.id("d");
    this.defs.push(make(id));
    this.cache.set(key, id);
    return id;
  }

  private grad(
    kind: "radialGradient" | "linearGradient",
    stops: readonly Stop[],
    o: GradOpts,
  ): string {
    const attrs: string[] = [];
    const num = (k: string, v: number | undefined) => {
      if (v !== undefined) attrs.push(`${k}="${o.user ? f(v) : Math.round(v * 1000) / 1000}"`);
    };
    if (kind === "radialGradient") {
      num("cx", o.cx);
      num("cy", o.cy);
      num("r", o.r);
      num("fx", o.fx);
      num("fy", o.fy);
    } else {
      num("x1", o.x1 ?? 0);
      num("y1", o.y1 ?? 0);
      num("x2", o.x2 ?? (o.y2 === undefined ? 1 : 0));
      num("y2", o.y2 ?? 0);
    }
    if (o.user) attrs.push('gradientUnits="userSpaceOnUse"');
    if (o.transform) attrs.push(`gradientTransform="${o.transform}"`);
    if (o.spread) attrs.push(`spreadMethod="${o.spread}"`);
    const body = stops
      .map(
        ([off, c, op]) =>
          `<stop offset="${Math.round(off * 1000) / 1000}" stop-color="${c}"${op === undefined || op === 1 ? "" : ` stop-opacity="${Math.round(op * 1000) / 1000}"`}/>`,
      )
      .join("");
    const key = `${kind}|${attrs.join(" ")}|${body}`;
    const id = this.defOnce(
      key,
      (id) => `<${kind} id="${id}" ${attrs.join(" ")}>${body}</${kind}>`,
    );
    return `url(#${id})`;
  }

  radial(stops: readonly Stop[], o: GradOpts = {}): string {
    return this.grad("radialGradient", stops, o);
  }
  linear(stops: readonly Stop[], o: GradOpts = {}): string {
    return this.grad("linearGradient", stops, o);
  }

  /** Clip path; returns the clip-path attribute value. */
  clip(inner: string): string {
    const id = this.id("c");
    this.defs.push(`<clipPath id="${id}">${inner}</clipPath>`);
    return `url(#${id})`;
  }

  async toSvg(body: string, width: number, height: number): Promise<string> {
    let defs = this.defs.join("");
    for (const [id, svg] of this.tiles) defs = defs.replace(`{{tile:${id}}}`, await tileUri(svg));
    return (
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
      `viewBox="0 0 ${f(this.W)} ${f(this.H)}" preserveAspectRatio="xMidYMid slice">` +
      `<defs>${defs}</defs>${body}</svg>`
    );
  }
}

// --------------------------------------------------------------- geometry

export type Pt = readonly [number, number];

/** Closed smooth path through points (Catmull-Rom → cubic Bézier). */
export function smoothClosed(pts: readonly Pt[], tension = 1): string {
  const n = pts.length;
  const at = (i: number): Pt => pts[((i % n) + n) % n] ?? [0, 0];
  let d = `M${f(at(0)[0])},${f(at(0)[1])}`;
  for (let i = 0; i < n; i++) {
    const p0 = at(i - 1);
    const p1 = at(i);
    const p2 = at(i + 1);
    const p3 = at(i + 2);
    const k = tension / 6;
    d += `C${f(p1[0] + (p2[0] - p0[0]) * k)},${f(p1[1] + (p2[1] - p0[1]) * k)} ${f(p2[0] - (p3[0] - p1[0]) * k)},${f(p2[1] - (p3[1] - p1[1]) * k)} ${f(p2[0])},${f(p2[1])}`;
  }
  return `${d}Z`;
}

/** Open smooth path through points. */
export function smoothOpen(pts: readonly Pt[]): string {
  const n = pts.length;
  const at = (i: number): Pt => pts[clamp(i, 0, n - 1)] ?? [0, 0];
  let d = `M${f(at(0)[0])},${f(at(0)[1])}`;
  for (let i = 0; i < n - 1; i++) {
    const p0 = at(i - 1);
    const p1 = at(i);
    const p2 = at(i + 1);
    const p3 = at(i + 2);
    d += `C${f(p1[0] + (p2[0] - p0[0]) / 6)},${f(p1[1] + (p2[1] - p0[1]) / 6)} ${f(p2[0] - (p3[0] - p1[0]) / 6)},${f(p2[1] - (p3[1] - p1[1]) / 6)} ${f(p2[0])},${f(p2[1])}`;
  }
  return d;
}

/** Random low-frequency radial wobble, as a function of angle. */
export function wobble(rng: Rng, amount: number, harmonics = 4): (a: number) => number {
  const terms = Array.from({ length: harmonics }, (_, i) => ({
    k: i + 2,
    amp: (amount * rng.range(0.3, 1)) / (i + 1),
    ph: rng.range(0, TAU),
  }));
  return (a) => 1 + terms.reduce((s, t) => s + t.amp * Math.sin(t.k * a + t.ph), 0);
}

/** An irregular ellipse (rotation baked into the coordinates so bbox gradients stay screen-aligned). */
export function blobPoints(
  cx: number,
  cy: number,
  rx: number,
  ry: number,
  rot: number,
  w: (a: number) => number,
  n = 18,
): Pt[] {
  const c = Math.cos(rot);
  const s = Math.sin(rot);
  return Array.from({ length: n }, (_, i) => {
    const a = (i / n) * TAU;
    const k = w(a);
    const x = Math.cos(a) * rx * k;
    const y = Math.sin(a) * ry * k;
    return [cx + x * c - y * s, cy + x * s + y * c] as Pt;
  });
}

export const blob = (
  cx: number,
  cy: number,
  rx: number,
  ry: number,
  rot: number,
  w: (a: number) => number,
  n = 18,
): string => smoothClosed(blobPoints(cx, cy, rx, ry, rot, w, n));

/** Circle as path data (for batching many dots into one <path>). */
export const dot = (x: number, y: number, r: number): string =>
  `M${f(x - r)},${f(y)}a${f(r)},${f(r)} 0 1,0 ${f(2 * r)},0a${f(r)},${f(r)} 0 1,0 ${f(-2 * r)},0`;

/** Ellipse as path data, rotated by `rot` radians. */
export function ellipsePath(x: number, y: number, rx: number, ry: number, rot = 0): string {
  const c = Math.cos(rot);
  const s = Math.sin(rot);
  const deg = (rot * 180) / Math.PI;
  const ax = rx * c;
  const ay = rx * s;
  return `M${f(x - ax)},${f(y - ay)}a${f(rx)},${f(ry)} ${f(deg)} 1,0 ${f(2 * ax)},${f(2 * ay)}a${f(rx)},${f(ry)} ${f(deg)} 1,0 ${f(-2 * ax)},${f(-2 * ay)}Z`;
}

/** Soft contact shadow: an ellipse filled with a transparent-edged radial gradient. */
export function shadow(
  doc: Doc,
  x: number,
  y: number,
  rx: number,
  ry: number,
  strength = 0.5,
  rot = 0,
  color = "#1a0e05",
): string {
  const fill = doc.radial([
    [0, color, strength],
    [0.45, color, strength * 0.55],
    [1, color, 0],
  ]);
  const tr = rot ? ` transform="rotate(${f((rot * 180) / Math.PI)} ${f(x)} ${f(y)})"` : "";
  return `<ellipse cx="${f(x)}" cy="${f(y)}" rx="${f(rx)}" ry="${f(ry)}" fill="${fill}"${tr}/>`;
}

/** Soft glow/bokeh disc. */
export function glow(
  doc: Doc,
  x: number,
  y: number,
  r: number,
  color: string,
  strength: number,
  hard = 0.2,
): string {
  const fill = doc.radial([
    [0, color, strength],
    [hard, color, strength],
    [1, color, 0],
  ]);
  return `<circle cx="${f(x)}" cy="${f(y)}" r="${f(r)}" fill="${fill}"/>`;
}

/** Tileable noise texture as a <pattern>. The tile is an feTurbulence render that is
 *  pre-rasterised once per process (see Doc.toSvg): filters inside patterns are
 *  re-run by librsvg for every use, which is far too slow. */
export function noisePattern(
  doc: Doc,
  o: {
    size: number;
    freq: number | string;
    octaves?: number;
    seed: number;
    matrix: string;
    type?: "fractalNoise" | "turbulence";
  },
): string {
  const size = Math.round(o.size);
  return tilePattern(doc, size, noiseSvg(size, o.freq, o.octaves ?? 2, o.seed, o.matrix, o.type));
}

/** Standalone SVG of a tileable feTurbulence texture coloured by an feColorMatrix. */
export function noiseSvg(
  size: number,
  freq: number | string,
  octaves: number,
  seed: number,
  matrix: string,
  type: "fractalNoise" | "turbulence" = "fractalNoise",
): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}">` +
    `<filter id="t" x="0" y="0" width="${size}" height="${size}" filterUnits="userSpaceOnUse" color-interpolation-filters="sRGB">` +
    `<feTurbulence type="${type}" baseFrequency="${freq}" numOctaves="${octaves}" seed="${seed % 1000}" stitchTiles="stitch"/>` +
    `<feColorMatrix type="matrix" values="${matrix}"/></filter>` +
    `<rect width="${size}" height="${size}" filter="url(#t)"/></svg>`
  );
}

/** A <pattern> whose tile is the given standalone SVG, pre-rasterised (see tileUri). */
export function tilePattern(doc: Doc, size: number, svg: string, transform?: string): string {
  const img = doc.defOnce(`img|${svg}`, (id) => {
    doc.tiles.set(id, svg);
    return `<image id="${id}" width="${size}" height="${size}" href="{{tile:${id}}}"/>`;
  });
  const id = doc.defOnce(`tile|${transform ?? ""}|${img}`, (id) => {
    const tr = transform ? ` patternTransform="${transform}"` : "";
    return `<pattern id="${id}" width="${size}" height="${size}" patternUnits="userSpaceOnUse"${tr}><use href="#${img}"/></pattern>`;
  });
  return `url(#${id})`;
}

const tileCache = new Map<string, Promise<string>>();

/** Rasterise a texture tile (cached per process) and return it as a data URI. */
export function tileUri(svg: string): Promise<string> {
  let hit = tileCache.get(svg);
  if (!hit) {
    hit = sharp(Buffer.from(svg))
      .png({ compressionLevel: 3 })
      .toBuffer()
      .then((b) => `data:image/png;base64,${b.toString("base64")}`);
    tileCache.set(svg, hit);
  }
  return hit;
}

/** feColorMatrix that turns noise luminance into a single colour with alpha = k*(noise-bias). */
export function alphaMatrix(color: string, k: number, bias: number): string {
  const [r, g, b] = parseHex(color).map((v) => v / 255) as Rgb;
  return `0 0 0 0 ${r} 0 0 0 0 ${g} 0 0 0 0 ${b} ${k} 0 0 0 ${-bias * k}`;
}
