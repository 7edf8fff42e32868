// Shanxi millet: golden grains in bowls, heaps, sacks and spoons, and the
// drooping foxtail panicles of the plant itself.
import {
  alphaMatrix,
  blobPoints,
  darken,
  type Doc,
  dot,
  f,
  jitter,
  lighten,
  makeRng,
  noisePattern,
  type Rng,
  shadow,
  smoothClosed,
  smoothOpen,
  TAU,
  tilePattern,
  wobble,
  type Pt,
} from "./art-core";

const GRAIN_TONES = ["#f3c22c", "#eab323", "#f7d04a", "#e2a61c", "#f9da6a"] as const;
const GRAIN_SHADE = "#8a5a08";

const GRAIN_TILE = 240;
const GRAIN_R = 8;

/** A seamless tile of densely packed, individually shaded millet grains (built once per process). */
function grainTileSvg(): string {
  const rng = makeRng(4242);
  const T = GRAIN_TILE;
  const cols = 15;
  const rows = 17;
  const grains: { x: number; y: number; r: number; tone: string; z: number }[] = [];
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < cols; i++) {
      grains.push({
        x: ((i + (j % 2) * 0.5) * T) / cols + rng.range(-3, 3),
        y: (j * T) / rows + rng.range(-3, 3),
        r: GRAIN_R * rng.range(0.88, 1.12),
        tone: rng.pick(GRAIN_TONES),
        z: rng.next(),
      });
    }
  }
  grains.sort((a, b) => a.z - b.z);
  let body = `<rect width="${T}" height="${T}" fill="#9a6a10"/>`;
  for (const g of grains) {
    for (const ox of [-T, 0, T]) {
      for (const oy of [-T, 0, T]) {
        const x = g.x + ox;
        const y = g.y + oy;
        if (x < -GRAIN_R * 2 || x > T + GRAIN_R * 2 || y < -GRAIN_R * 2 || y > T + GRAIN_R * 2)
          continue;
        body +=
          `<circle cx="${f(x + 2.4)}" cy="${f(y + 2.8)}" r="${f(g.r)}" fill="${GRAIN_SHADE}" fill-opacity="0.6"/>` +
          `<ellipse cx="${f(x)}" cy="${f(y)}" rx="${f(g.r)}" ry="${f(g.r * 0.92)}" fill="${g.tone}"/>` +
          `<circle cx="${f(x - g.r * 0.32)}" cy="${f(y - g.r * 0.36)}" r="${f(g.r * 0.34)}" fill="#fff6c8" fill-opacity="0.8"/>`;
      }
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${T}" height="${T}">${body}</svg>`;
}
let grainTileCache: string | undefined;

/** Golden grain texture filling `area` (path data) whose bbox is given; `gr` is the grain radius. */
export function grainFill(
  doc: Doc,
  rng: Rng,
  area: string,
  box: { x: number; y: number; w: number; h: number },
  gr: number,
  light: Pt = [0.3, 0.2],
): string {
  grainTileCache ??= grainTileSvg();
  const scale = Math.round((gr / GRAIN_R) * 20) / 20;
  const pattern = tilePattern(doc, GRAIN_TILE, grainTileCache, `scale(${scale})`);
  const out: string[] = [];
  out.push(`<path d="${area}" fill="${pattern}"/>`);
  // shading over the grains: bright where the light hits, darker towards the rim
  out.push(
    `<path d="${area}" fill="${doc.radial(
      [
        [0, "#fff3b0", 0.28],
        [0.45, "#fff3b0", 0],
        [0.8, "#6a3d00", 0.14],
        [1, "#5a3000", 0.5],
      ],
      { cx: 0.5, cy: 0.5, r: 0.6, fx: light[0] + 0.1, fy: light[1] + 0.05 },
    )}"/>`,
  );
  // a few loose grains breaking up the silhouette
  out.push(
    scatterGrains(
      rng,
      box.x + box.w / 2,
      box.y + box.h * 0.2,
      box.w * 0.4,
      box.h * 0.2,
      Math.round(box.w / (gr * 8)),
      gr,
    ),
  );
  return out.join("");
}

/** Loose grains scattered on a surface, each with its own tiny shadow. */
export function scatterGrains(
  rng: Rng,
  cx: number,
  cy: number,
  rx: number,
  ry: number,
  n: number,
  gr: number,
): string {
  let sh = "";
  let body = "";
  let hi = "";
  for (let i = 0; i < n; i++) {
    const a = rng.range(0, TAU);
    const d = Math.pow(rng.next(), 0.7);
    const x = cx + Math.cos(a) * rx * d;
    const y = cy + Math.sin(a) * ry * d;
    const r = gr * rng.range(0.85, 1.1);
    sh += dot(x + r * 0.45, y + r * 0.5, r * 1.1);
    body += dot(x, y, r);
    hi += dot(x - r * 0.3, y - r * 0.35, r * 0.35);
  }
  return `<path d="${sh}" fill="#2a1805" fill-opacity="0.35"/><path d="${body}" fill="#eeb82a"/><path d="${hi}" fill="#fff4c0" fill-opacity="0.8"/>`;
}

export type BowlStyle = "wood" | "white" | "celadon" | "black";

const BOWLS: Record<BowlStyle, readonly [string, string, string, string]> = {
  wood: ["#5a341a", "#b77a44", "#8a5430", "#3e2210"],
  white: ["#a9a49a", "#f7f4ee", "#dcd7cd", "#7d786e"],
  celadon: ["#6f8a78", "#cfe0d0", "#a7c1ad", "#4c6656"],
  black: ["#151312", "#4a4440", "#2a2624", "#0c0b0a"],
};

/** A bowl heaped with millet; (x,y) is the centre of the rim ellipse, R its half-width. */
export function milletBowl(
  doc: Doc,
  rng: Rng,
  x: number,
  y: number,
  R: number,
  style: BowlStyle,
  k = 0.36,
): string {
  const c = BOWLS[style];
  const ry = R * k;
  const depth = R * 0.62;
  const out: string[] = [];
  out.push(shadow(doc, x + R * 0.18, y + depth * 0.95, R * 1.05, R * 0.3, 0.6));
  out.push(shadow(doc, x + R * 0.05, y + depth * 1.0, R * 0.55, R * 0.09, 0.6));
  const outer = `M${f(x - R)},${f(y)}C${f(x - R)},${f(y + depth * 0.9)} ${f(x - R * 0.55)},${f(y + depth * 1.02)} ${f(x)},${f(y + depth * 1.02)}C${f(x + R * 0.55)},${f(y + depth * 1.02)} ${f(x + R)},${f(y + depth * 0.9)} ${f(x + R)},${f(y)}A${f(R)},${f(ry)} 0 0,1 ${f(x - R)},${f(y)}Z`;
  out.push(
    `<path d="${outer}" fill="${doc.linear(
      [
        [0, c[0]],
        [0.28, c[1]],
        [0.62, c[2]],
        [1, c[3]],
      ],
      { x1: 0, y1: 0, x2: 1, y2: 0 },
    )}"/>`,
  );
  if (style === "wood") {
    let grain = "";
    for (let i = 0; i < 9; i++) {
      const t = rng.range(0.15, 0.95);
      grain += smoothOpen([
        [x - R * 0.98, y + depth * t * 0.3],
        [x - R * 0.3, y + depth * (t * 0.95 + 0.03)],
        [x + R * 0.4, y + depth * (t * 0.9 + 0.05)],
        [x + R * 0.97, y + depth * t * 0.35],
      ]);
    }
    out.push(
      `<path d="${grain}" fill="none" stroke="#2e1808" stroke-opacity="0.25" stroke-width="${f(R * 0.008)}"/>`,
    );
  } else {
    // glaze reflection
    out.push(
      `<path d="M${f(x - R * 0.72)},${f(y + depth * 0.2)}C${f(x - R * 0.7)},${f(y + depth * 0.6)} ${f(x - R * 0.5)},${f(y + depth * 0.8)} ${f(x - R * 0.35)},${f(y + depth * 0.86)}" fill="none" stroke="#ffffff" stroke-opacity="0.45" stroke-width="${f(R * 0.05)}" stroke-linecap="round"/>`,
    );
  }
  // inside of the bowl + rim
  out.push(`<ellipse cx="${f(x)}" cy="${f(y)}" rx="${f(R)}" ry="${f(ry)}" fill="${c[2]}"/>`);
  out.push(
    `<ellipse cx="${f(x)}" cy="${f(y)}" rx="${f(R * 0.95)}" ry="${f(ry * 0.93)}" fill="${doc.linear(
      [
        [0, c[3]],
        [1, c[1]],
      ],
      { x1: 0, y1: 0, x2: 0, y2: 1 },
    )}"/>`,
  );
  // heaped grain
  const gR = R * 0.95;
  const h = R * rng.range(0.22, 0.34);
  const mound = `M${f(x - gR)},${f(y + ry * 0.15)}C${f(x - gR * 0.7)},${f(y - h * 0.9)} ${f(x - gR * 0.3)},${f(y - h * 1.15)} ${f(x)},${f(y - h * 1.1)}C${f(x + gR * 0.35)},${f(y - h * 1.1)} ${f(x + gR * 0.75)},${f(y - h * 0.8)} ${f(x + gR)},${f(y + ry * 0.15)}A${f(gR)},${f(ry * 0.93)} 0 0,1 ${f(x - gR)},${f(y + ry * 0.15)}Z`;
  out.push(
    grainFill(
      doc,
      rng,
      mound,
      { x: x - gR, y: y - h * 1.2, w: gR * 2, h: h * 1.2 + ry * 1.1 },
      R * 0.018,
    ),
  );
  // front rim lip over the grain
  out.push(
    `<path d="M${f(x - R)},${f(y)}A${f(R)},${f(ry)} 0 0,0 ${f(x + R)},${f(y)}" fill="none" stroke="${c[1]}" stroke-width="${f(R * 0.04)}" stroke-linecap="round"/>`,
  );
  out.push(
    `<path d="M${f(x - R * 0.8)},${f(y + ry * 0.6)}A${f(R)},${f(ry)} 0 0,0 ${f(x + R * 0.2)},${f(y + ry * 0.98)}" fill="none" stroke="#ffffff" stroke-opacity="0.45" stroke-width="${f(R * 0.015)}" stroke-linecap="round"/>`,
  );
  return out.join("");
}

/** A loose conical heap of millet on the table; (x,y) is the centre of its base. */
export function milletHeap(doc: Doc, rng: Rng, x: number, y: number, R: number, k = 0.4): string {
  const h = R * rng.range(0.45, 0.6);
  const ry = R * k;
  const peakX = x + rng.range(-0.1, 0.1) * R;
  const out = [shadow(doc, x + R * 0.15, y + ry * 0.3, R * 1.15, ry * 1.1, 0.5)];
  const area = `M${f(x - R)},${f(y)}C${f(x - R * 0.6)},${f(y - h * 0.25)} ${f(peakX - R * 0.3)},${f(y - h)} ${f(peakX)},${f(y - h)}C${f(peakX + R * 0.3)},${f(y - h)} ${f(x + R * 0.6)},${f(y - h * 0.25)} ${f(x + R)},${f(y)}A${f(R)},${f(ry)} 0 0,1 ${f(x - R)},${f(y)}Z`;
  out.push(
    grainFill(doc, rng, area, { x: x - R, y: y - h, w: R * 2, h: h + ry }, R * 0.025, [0.35, 0.1]),
  );
  out.push(scatterGrains(rng, x, y + ry * 0.5, R * 1.35, ry * 1.4, Math.round(R * 0.5), R * 0.024));
  return out.join("");
}

export type BagMaterial = "burlap" | "kraft" | "cotton";

/** An open sack/pouch of millet with a rolled-down rim; (x,y) is its bottom centre. */
export function milletBag(
  doc: Doc,
  rng: Rng,
  x: number,
  y: number,
  w: number,
  h: number,
  mat: BagMaterial,
): string {
  const base = mat === "burlap" ? "#b8925e" : mat === "kraft" ? "#c49a66" : "#ece3d2";
  const out = [shadow(doc, x + w * 0.12, y - h * 0.02, w * 0.72, h * 0.12, 0.6)];
  const top = y - h;
  const rx = w * 0.46;
  const ry = w * 0.16;
  const bodyD = `M${f(x - rx)},${f(top + ry * 0.6)}C${f(x - w * 0.52)},${f(top + h * 0.4)} ${f(x - w * 0.6)},${f(y - h * 0.12)} ${f(x - w * 0.44)},${f(y - h * 0.02)}Q${f(x)},${f(y + h * 0.04)} ${f(x + w * 0.44)},${f(y - h * 0.02)}C${f(x + w * 0.6)},${f(y - h * 0.12)} ${f(x + w * 0.52)},${f(top + h * 0.4)} ${f(x + rx)},${f(top + ry * 0.6)}Z`;
  const shade = doc.linear(
    [
      [0, darken(base, 0.35)],
      [0.3, lighten(base, 0.1)],
      [0.65, base],
      [1, darken(base, 0.45)],
    ],
    { x1: 0, y1: 0, x2: 1, y2: 0 },
  );
  out.push(`<path d="${bodyD}" fill="${shade}"/>`);
  if (mat === "burlap") {
    const warp = noisePattern(doc, {
      size: 120,
      freq: "0.5 0.03",
      octaves: 1,
      seed: 3,
      matrix: alphaMatrix("#3a2410", 3, 0.5),
    });
    const weft = noisePattern(doc, {
      size: 120,
      freq: "0.03 0.5",
      octaves: 1,
      seed: 4,
      matrix: alphaMatrix("#3a2410", 3, 0.5),
    });
    out.push(
      `<path d="${bodyD}" fill="${warp}" fill-opacity="0.6"/><path d="${bodyD}" fill="${weft}" fill-opacity="0.6"/>`,
    );
  }
  // creases
  let creases = "";
  for (let i = 0; i < 6; i++) {
    const cx = x + rng.range(-0.35, 0.35) * w;
    creases += smoothOpen([
      [cx, top + ry + h * rng.range(0.05, 0.2)],
      [cx + rng.range(-0.06, 0.06) * w, top + h * 0.5],
      [cx + rng.range(-0.1, 0.1) * w, y - h * rng.range(0.05, 0.25)],
    ]);
  }
  out.push(
    `<path d="${creases}" fill="none" stroke="${darken(base, 0.45)}" stroke-opacity="0.35" stroke-width="${f(w * 0.012)}" stroke-linecap="round"/>`,
  );
  out.push(
    `<path d="${creases}" fill="none" stroke="${lighten(base, 0.4)}" stroke-opacity="0.3" stroke-width="${f(w * 0.008)}" transform="translate(${f(w * 0.012)} 0)"/>`,
  );
  // rolled rim
  out.push(
    `<ellipse cx="${f(x)}" cy="${f(top + ry * 0.6)}" rx="${f(rx * 1.06)}" ry="${f(ry * 1.3)}" fill="${darken(base, 0.15)}"/>`,
  );
  out.push(
    `<ellipse cx="${f(x)}" cy="${f(top + ry * 0.5)}" rx="${f(rx * 0.94)}" ry="${f(ry)}" fill="${darken(base, 0.5)}"/>`,
  );
  const mound = `M${f(x - rx * 0.92)},${f(top + ry * 0.55)}C${f(x - rx * 0.6)},${f(top - ry * 0.9)} ${f(x + rx * 0.5)},${f(top - ry * 1)} ${f(x + rx * 0.92)},${f(top + ry * 0.55)}A${f(rx * 0.92)},${f(ry * 0.95)} 0 0,1 ${f(x - rx * 0.92)},${f(top + ry * 0.55)}Z`;
  out.push(
    grainFill(doc, rng, mound, { x: x - rx, y: top - ry, w: rx * 2, h: ry * 2.6 }, w * 0.012),
  );
  out.push(
    `<path d="M${f(x - rx * 1.06)},${f(top + ry * 0.6)}A${f(rx * 1.06)},${f(ry * 1.3)} 0 0,0 ${f(x + rx * 1.06)},${f(top + ry * 0.6)}" fill="none" stroke="${lighten(base, 0.15)}" stroke-width="${f(w * 0.05)}" stroke-linecap="round"/>`,
  );
  return out.join("");
}

/** A wooden spoon heaped with millet; (x,y) is the centre of the spoon bowl. */
export function milletSpoon(
  doc: Doc,
  rng: Rng,
  x: number,
  y: number,
  s: number,
  angle: number,
): string {
  const wood = "#c08a52";
  const out: string[] = [];
  const deg = (angle * 180) / Math.PI;
  out.push(`<g transform="translate(${f(x)} ${f(y)}) rotate(${f(deg)})">`);
  out.push(shadow(doc, s * 0.15, s * 0.35, s * 2.6, s * 0.55, 0.5));
  out.push(
    `<path d="M${f(s * 0.85)},${f(-s * 0.12)}L${f(s * 3.4)},${f(-s * 0.09)}Q${f(s * 3.55)},0 ${f(s * 3.4)},${f(s * 0.09)}L${f(s * 0.85)},${f(s * 0.12)}Z" fill="${doc.linear(
      [
        [0, lighten(wood, 0.25)],
        [0.5, wood],
        [1, darken(wood, 0.35)],
      ],
      { x1: 0, y1: 0, x2: 0, y2: 1 },
    )}"/>`,
  );
  out.push(
    `<ellipse cx="0" cy="0" rx="${f(s)}" ry="${f(s * 0.72)}" fill="${doc.radial(
      [
        [0, wood],
        [0.8, darken(wood, 0.15)],
        [1, darken(wood, 0.4)],
      ],
      { cx: 0.45, cy: 0.4, r: 0.65 },
    )}"/>`,
  );
  out.push(`</g>`);
  const area = smoothClosed(
    blobPoints(x, y - s * 0.12, s * 0.9, s * 0.62, angle, wobble(rng, 0.05, 3), 14),
  );
  out.push(grainFill(doc, rng, area, { x: x - s, y: y - s * 0.9, w: s * 2, h: s * 1.6 }, s * 0.05));
  return out.join("");
}

/**
 * A drooping foxtail-millet head. (x,y) is the top of the stalk; the neck arches
 * over towards `dir` (±1) and the heavy, bristly head hangs down, `len` long overall.
 */
export function milletPanicle(
  doc: Doc,
  rng: Rng,
  x: number,
  y: number,
  len: number,
  dir: number,
  o: { detail?: number; neck?: boolean } = {},
): string {
  const detail = o.detail ?? 1;
  const out: string[] = [];
  const neckEnd: Pt = [x + dir * len * 0.2, y - len * 0.06];
  const neck = smoothOpen([
    [x, y + len * 0.05],
    [x + dir * len * 0.06, y - len * 0.08],
    [x + dir * len * 0.14, y - len * 0.11],
    neckEnd,
  ]);
  const stalkC = jitter("#a3a04a", rng, 0.06);
  if (o.neck !== false)
    out.push(
      `<path d="${neck}" fill="none" stroke="${stalkC}" stroke-width="${f(len * 0.022)}" stroke-linecap="round"/>`,
    );
  else
    out.push(
      `<path d="M${f(neckEnd[0] - dir * len * 0.08)},${f(neckEnd[1] - len * 0.03)}L${f(neckEnd[0])},${f(neckEnd[1] + len * 0.02)}" stroke="${stalkC}" stroke-width="${f(len * 0.022)}" stroke-linecap="round"/>`,
    );
  // centre line of the hanging head
  const headLen = len * rng.range(0.72, 0.82);
  const swing = rng.range(0.25, 0.5);
  const axis: Pt[] = [];
  let [px, py] = neckEnd;
  const steps = 12;
  for (let i = 0; i <= steps; i++) {
    axis.push([px, py]);
    const t = i / steps;
    const ang = Math.PI / 2 - dir * (swing * (1 - t) + 0.05);
    px += Math.cos(ang) * (headLen / steps);
    py += Math.sin(ang) * (headLen / steps);
  }
  const thick = len * rng.range(0.085, 0.1);
  const ph = rng.range(0, TAU);
  const radius = (t: number): number =>
    thick *
    (t < 0.22 ? 0.5 + (0.5 * t) / 0.22 : 1 - 0.78 * Math.pow((t - 0.22) / 0.78, 1.7)) *
    (1 + 0.08 * Math.sin(t * 22 + ph));
  const frame = (t: number): { p: Pt; n: Pt } => {
    const ft = t * steps;
    const i = Math.min(steps - 1, Math.floor(ft));
    const a0 = axis[i] ?? neckEnd;
    const a1 = axis[i + 1] ?? a0;
    const k = ft - i;
    const dx = a1[0] - a0[0];
    const dy = a1[1] - a0[1];
    const l = Math.hypot(dx, dy) || 1;
    return { p: [a0[0] + dx * k, a0[1] + dy * k], n: [-dy / l, dx / l] };
  };
  const left: Pt[] = [];
  const right: Pt[] = [];
  for (let i = 0; i <= 24; i++) {
    const t = i / 24;
    const { p, n } = frame(t);
    const r = radius(t);
    left.push([p[0] + n[0] * r, p[1] + n[1] * r]);
    right.push([p[0] - n[0] * r, p[1] - n[1] * r]);
  }
  const outline = smoothClosed([...left, ...right.reverse()]);
  const gold = jitter("#e2aa34", rng, 0.05);
  // bristle halo first so it reads as fuzz around the head
  if (detail > 0.3) {
    let bristles = "";
    const nb = Math.round(Math.min(90, len * 0.15) * detail);
    for (let i = 0; i < nb; i++) {
      const t = rng.range(0.02, 0.98);
      const { p, n } = frame(t);
      const side = rng.chance(0.5) ? 1 : -1;
      const r = radius(t);
      const bl = thick * rng.range(0.45, 0.9);
      const a = Math.atan2(n[1] * side, n[0] * side) + rng.range(-0.5, 0.5);
      const sx = p[0] + n[0] * side * r * 0.8;
      const sy = p[1] + n[1] * side * r * 0.8;
      bristles += `M${f(sx)},${f(sy)}l${f(Math.cos(a) * bl)},${f(Math.sin(a) * bl)}`;
    }
    out.push(
      `<path d="${bristles}" fill="none" stroke="#e8cf86" stroke-opacity="0.75" stroke-width="${f(Math.max(0.7, thick * 0.045))}" stroke-linecap="round"/>`,
    );
  }
  out.push(
    `<path d="${outline}" fill="${doc.linear(
      [
        [0, dir > 0 ? lighten(gold, 0.3) : darken(gold, 0.4)],
        [0.5, gold],
        [1, dir > 0 ? darken(gold, 0.4) : lighten(gold, 0.3)],
      ],
      { x1: 0, y1: 0, x2: 1, y2: 0 },
    )}"/>`,
  );
  if (detail >= 0.5) {
    // fine grain texture, lobed shading and a sunlit edge
    grainTileCache ??= grainTileSvg();
    const scale = Math.max(0.1, Math.round(((thick * 0.09) / GRAIN_R) * 20) / 20);
    out.push(
      `<path d="${outline}" fill="${tilePattern(doc, GRAIN_TILE, grainTileCache, `scale(${scale})`)}" fill-opacity="0.85"/>`,
    );
    let lobes = "";
    for (let i = 1; i < 9; i++) {
      const { p, n: nn } = frame(i / 9 + rng.range(-0.02, 0.02));
      const r = radius(i / 9);
      lobes += `M${f(p[0] + nn[0] * r * 0.95)},${f(p[1] + nn[1] * r * 0.95)}Q${f(p[0] + rng.range(-3, 3))},${f(p[1] + r * 0.25)} ${f(p[0] - nn[0] * r * 0.95)},${f(p[1] - nn[1] * r * 0.95)}`;
    }
    out.push(
      `<path d="${lobes}" fill="none" stroke="${darken(gold, 0.45)}" stroke-opacity="0.35" stroke-width="${f(thick * 0.12)}" stroke-linecap="round"/>`,
    );
    out.push(
      `<path d="${outline}" fill="${doc.linear(
        [
          [0, dir > 0 ? "#fff4c0" : "#3a2000", dir > 0 ? 0.35 : 0.4],
          [0.45, "#fff4c0", 0],
          [0.6, "#3a2000", 0],
          [1, dir > 0 ? "#3a2000" : "#fff4c0", dir > 0 ? 0.45 : 0.35],
        ],
        { x1: 0, y1: 0, x2: 1, y2: 0 },
      )}"/>`,
    );
  }
  return out.join("");
}

/** A whole millet plant: a stalk with long arching leaves and a hanging head, rooted at (x,y). */
export function milletPlant(
  doc: Doc,
  rng: Rng,
  x: number,
  y: number,
  h: number,
  detail = 1,
): string {
  const out: string[] = [];
  const lean = rng.range(-0.1, 0.1) * h;
  const top: Pt = [x + lean, y - h];
  const stalk = jitter("#9aa040", rng, 0.08);
  for (let i = 0; i < 3; i++) {
    const t = rng.range(0.15, 0.65);
    const lx = x + lean * t;
    const ly = y - h * t;
    const side = i % 2 === 0 ? 1 : -1;
    const ll = h * rng.range(0.22, 0.32);
    const tipX = lx + side * ll * 0.85;
    const tipY = ly + ll * rng.range(-0.05, 0.4);
    const wdt = h * 0.014;
    const c = jitter(rng.chance(0.5) ? "#7f9a38" : "#b4a84a", rng, 0.1);
    out.push(
      `<path d="M${f(lx)},${f(ly)}Q${f(lx + side * ll * 0.4)},${f(ly - ll * 0.4 - wdt)} ${f(tipX)},${f(tipY)}Q${f(lx + side * ll * 0.4)},${f(ly - ll * 0.4 + wdt * 2)} ${f(lx)},${f(ly + wdt * 2)}Z" fill="${c}"/>`,
    );
  }
  out.push(
    `<path d="M${f(x)},${f(y)}Q${f(x + lean * 0.3)},${f(y - h * 0.6)} ${f(top[0])},${f(top[1])}" fill="none" stroke="${stalk}" stroke-width="${f(h * 0.008 + 2)}" stroke-linecap="round"/>`,
  );
  out.push(
    milletPanicle(doc, rng, top[0], top[1], h * rng.range(0.4, 0.5), lean >= 0 ? 1 : -1, {
      detail,
    }),
  );
  return out.join("");
}
