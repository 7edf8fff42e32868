// Honey: glass jars of glowing amber honey, wooden dippers, honeycomb,
// bees and a flowering rapeseed meadow.
import {
  darken,
  type Doc,
  dot,
  ellipsePath,
  f,
  glow,
  jitter,
  lighten,
  type Rng,
  shadow,
  smoothClosed,
  smoothOpen,
  blobPoints,
  TAU,
  wobble,
  type Pt,
} from "./art-core";

export const HONEYS = {
  acacia: ["#8a5a06", "#d9a21c", "#f8d45a", "#fff0a0"],
  amber: ["#6e3500", "#c26e08", "#f2a526", "#ffd36a"],
  dark: ["#4a1e00", "#8e4a04", "#d07d12", "#f6b040"],
} as const;
export type HoneyTone = keyof typeof HONEYS;
export type LidStyle = "gold" | "gingham" | "wood" | "none";

type JarOpts = {
  tone: HoneyTone;
  lid: LidStyle;
  label: boolean;
  fill?: number;
  /** label emblem (default: a bee) */
  emblem?: "bee" | "grain";
  /** fill the jar with something other than honey (e.g. millet): gets the inner area path and its bbox */
  contents?: (area: string, box: { x: number; y: number; w: number; h: number }) => string;
};

/** A glass jar of honey standing with its base centred at (x, baseY). */
export function honeyJar(
  doc: Doc,
  rng: Rng,
  x: number,
  baseY: number,
  w: number,
  h: number,
  o: JarOpts,
): string {
  const hc = HONEYS[o.tone];
  const out: string[] = [];
  const hw = w / 2;
  const nw = w * 0.36;
  const top = baseY - h;
  const yNeck = baseY - h * 0.9;
  const ySh = baseY - h * 0.76;
  const rb = w * 0.12;
  const jarPath = (inset: number): string => {
    const L = x - hw + inset;
    const R = x + hw - inset;
    const nL = x - nw + inset;
    const nR = x + nw - inset;
    return `M${f(nL)},${f(top + inset)}L${f(nL)},${f(yNeck)}C${f(nL)},${f(ySh - h * 0.04)} ${f(L)},${f(ySh - h * 0.06)} ${f(L)},${f(ySh + h * 0.04)}L${f(L)},${f(baseY - rb - inset)}Q${f(L)},${f(baseY - inset)} ${f(L + rb)},${f(baseY - inset)}L${f(R - rb)},${f(baseY - inset)}Q${f(R)},${f(baseY - inset)} ${f(R)},${f(baseY - rb - inset)}L${f(R)},${f(ySh + h * 0.04)}C${f(R)},${f(ySh - h * 0.06)} ${f(nR)},${f(ySh - h * 0.04)} ${f(nR)},${f(yNeck)}L${f(nR)},${f(top + inset)}Z`;
  };
  // shadow and warm caustic light thrown through the honey
  out.push(shadow(doc, x + w * 0.2, baseY - h * 0.01, hw * 1.35, h * 0.07, 0.6));
  out.push(shadow(doc, x + w * 0.04, baseY - h * 0.005, hw * 1.02, h * 0.022, 0.85));
  if (!o.contents)
    out.push(
      `<ellipse cx="${f(x + w * 0.55)}" cy="${f(baseY + h * 0.02)}" rx="${f(w * 0.5)}" ry="${f(h * 0.05)}" fill="${doc.radial(
        [
          [0, hc[3], 0.55],
          [1, hc[2], 0],
        ],
      )}"/>`,
    );
  const outer = jarPath(0);
  out.push(`<path d="${outer}" fill="#fff8e8" fill-opacity="0.12"/>`);
  const fillY = baseY - h * (o.fill ?? rng.range(0.8, 0.86));
  if (o.contents) {
    const inner = jarPath(w * 0.035);
    const clip = doc.clip(`<path d="${inner}"/>`);
    const area = `M${f(x - hw)},${f(fillY)}C${f(x - hw * 0.5)},${f(fillY - h * 0.03)} ${f(x + hw * 0.5)},${f(fillY - h * 0.03)} ${f(x + hw)},${f(fillY)}L${f(x + hw)},${f(baseY)}L${f(x - hw)},${f(baseY)}Z`;
    out.push(
      `<g clip-path="${clip}">${o.contents(area, { x: x - hw, y: fillY - h * 0.03, w, h: baseY - fillY + h * 0.03 })}</g>`,
    );
  } else {
    // honey, glowing where the light passes through
    const clip = doc.clip(`<path d="${jarPath(w * 0.035)}"/>`);
    out.push(`<g clip-path="${clip}">`);
    out.push(
      `<rect x="${f(x - hw)}" y="${f(fillY)}" width="${f(w)}" height="${f(baseY - fillY)}" fill="${doc.linear(
        [
          [0, hc[0]],
          [0.1, hc[1]],
          [0.32, hc[3]],
          [0.55, hc[2]],
          [0.85, hc[1]],
          [1, hc[0]],
        ],
        { x1: 0, y1: 0, x2: 1, y2: 0 },
      )}"/>`,
    );
    out.push(glow(doc, x - w * 0.05, baseY - h * 0.32, w * 0.5, hc[3], 0.75, 0.15));
    out.push(glow(doc, x - w * 0.1, baseY - h * 0.4, w * 0.2, "#fff8d0", 0.35, 0.1));
    out.push(
      `<rect x="${f(x - hw)}" y="${f(fillY)}" width="${f(w)}" height="${f(baseY - fillY)}" fill="${doc.linear(
        [
          [0, "#000000", 0.15],
          [0.15, "#000000", 0],
          [0.8, "#000000", 0],
          [1, "#2a1000", 0.35],
        ],
        { x1: 0, y1: 0, x2: 0, y2: 1 },
      )}"/>`,
    );
    // tiny bubbles
    let bub = "";
    for (let i = 0; i < 8; i++)
      bub += dot(
        x + rng.range(-0.4, 0.4) * w,
        rng.range(fillY + h * 0.05, baseY - h * 0.1),
        w * rng.range(0.004, 0.01),
      );
    out.push(`<path d="${bub}" fill="#fff4c0" fill-opacity="0.7"/>`);
    out.push(
      `<path d="${ellipsePath(x, fillY, hw, h * 0.02)}" fill="${hc[3]}" fill-opacity="0.7"/>`,
    );
    out.push(`</g>`);
  }
  // label
  if (o.label) {
    const ly0 = baseY - h * 0.6;
    const ly1 = baseY - h * 0.25;
    const sag = h * 0.03;
    const paper = rng.pick(["#efe4cc", "#c9a475", "#f4efe6"]);
    const lab = `M${f(x - hw)},${f(ly0)}Q${f(x)},${f(ly0 + sag * 2)} ${f(x + hw)},${f(ly0)}L${f(x + hw)},${f(ly1)}Q${f(x)},${f(ly1 + sag * 2)} ${f(x - hw)},${f(ly1)}Z`;
    out.push(
      `<path d="${lab}" fill="${doc.linear(
        [
          [0, darken(paper, 0.35)],
          [0.3, lighten(paper, 0.1)],
          [0.7, paper],
          [1, darken(paper, 0.4)],
        ],
        { x1: 0, y1: 0, x2: 1, y2: 0 },
      )}"/>`,
    );
    const ink = paper === "#c9a475" ? "#3b2410" : "#7a4a10";
    const ex = x;
    const ey = (ly0 + ly1) / 2 + sag * 0.6;
    const hr = (ly1 - ly0) * 0.26;
    const hex = Array.from(
      { length: 6 },
      (_, i) => `${f(ex + Math.cos((i / 6) * TAU) * hr)},${f(ey + Math.sin((i / 6) * TAU) * hr)}`,
    ).join("L");
    out.push(`<path d="M${hex}Z" fill="none" stroke="${ink}" stroke-width="${f(w * 0.012)}"/>`);
    if (o.emblem === "grain") {
      // a stylised drooping ear of millet with one leaf
      let grains = "";
      for (let i = 0; i < 6; i++) {
        const t = i / 5;
        grains += ellipsePath(
          ex - hr * 0.02 + hr * 0.32 * Math.sin(t * 1.4),
          ey - hr * 0.45 + hr * 0.85 * t,
          hr * 0.17 * (1 - t * 0.35),
          hr * 0.12 * (1 - t * 0.3),
          1.1 - t * 0.5,
        );
      }
      out.push(
        `<path d="M${f(ex - hr * 0.45)},${f(ey + hr * 0.65)}Q${f(ex - hr * 0.4)},${f(ey - hr * 0.55)} ${f(ex - hr * 0.02)},${f(ey - hr * 0.5)}" fill="none" stroke="${ink}" stroke-width="${f(w * 0.01)}" stroke-linecap="round"/>` +
          `<path d="M${f(ex - hr * 0.42)},${f(ey + hr * 0.2)}Q${f(ex - hr * 0.75)},${f(ey - hr * 0.05)} ${f(ex - hr * 0.72)},${f(ey - hr * 0.35)}Q${f(ex - hr * 0.55)},${f(ey - hr * 0.05)} ${f(ex - hr * 0.42)},${f(ey + hr * 0.2)}Z" fill="${ink}"/>` +
          `<path d="${grains}" fill="${ink}"/>`,
      );
    } else out.push(bee(doc, rng, ex, ey, hr * 0.55, -0.3, ink));
  }
  // glass: rim shading + highlights
  out.push(
    `<path d="${outer}" fill="${doc.linear(
      [
        [0, "#ffffff", 0.28],
        [0.08, "#ffffff", 0],
        [0.9, "#ffffff", 0],
        [1, "#ffffff", 0.2],
      ],
      { x1: 0, y1: 0, x2: 1, y2: 0 },
    )}" stroke="#fffaf0" stroke-opacity="0.35" stroke-width="${f(w * 0.008)}"/>`,
  );
  out.push(
    `<path d="${jarPath(w * 0.018)}" fill="none" stroke="#ffffff" stroke-opacity="0.22" stroke-width="${f(w * 0.012)}"/>`,
  );
  const hl = doc.linear(
    [
      [0, "#ffffff", 0],
      [0.2, "#ffffff", 0.7],
      [0.8, "#ffffff", 0.45],
      [1, "#ffffff", 0],
    ],
    { x1: 0, y1: 0, x2: 0, y2: 1 },
  );
  out.push(
    `<rect x="${f(x - hw * 0.78)}" y="${f(ySh + h * 0.02)}" width="${f(w * 0.06)}" height="${f(h * 0.62)}" rx="${f(w * 0.03)}" fill="${hl}"/>`,
  );
  out.push(
    `<rect x="${f(x + hw * 0.74)}" y="${f(ySh + h * 0.08)}" width="${f(w * 0.025)}" height="${f(h * 0.45)}" rx="${f(w * 0.012)}" fill="${hl}" fill-opacity="0.6"/>`,
  );
  out.push(
    `<path d="M${f(x - hw * 0.8)},${f(ySh)}Q${f(x - hw * 0.6)},${f(ySh - h * 0.07)} ${f(x - nw * 0.6)},${f(yNeck - h * 0.005)}" fill="none" stroke="#ffffff" stroke-opacity="0.55" stroke-width="${f(w * 0.025)}" stroke-linecap="round"/>`,
  );
  out.push(
    `<path d="${ellipsePath(x, baseY - h * 0.025, hw * 0.85, h * 0.02)}" fill="${hc[3]}" fill-opacity="0.45"/>`,
  );
  // lid
  const lw = nw * 1.14;
  const lt = top - h * 0.06;
  if (o.lid === "none") {
    // open mouth: glass rim seen from slightly above, honey surface just below it
    out.push(
      `<path d="${ellipsePath(x, top + h * 0.012, nw, h * 0.035)}" fill="${hc[2]}" stroke="#fffaf0" stroke-opacity="0.7" stroke-width="${f(w * 0.02)}"/>`,
    );
    out.push(
      `<path d="${ellipsePath(x - nw * 0.25, top + h * 0.004, nw * 0.4, h * 0.01)}" fill="#ffffff" fill-opacity="0.5"/>`,
    );
  } else if (o.lid === "gold" || o.lid === "wood") {
    const metal = o.lid === "gold";
    const lc = metal
      ? ["#5a3e08", "#e8c060", "#fff0b8", "#b88a2a", "#6b4a10"]
      : ["#4a2c14", "#a87240", "#caa070", "#8a5a30", "#4a2c14"];
    out.push(
      `<rect x="${f(x - lw)}" y="${f(lt)}" width="${f(lw * 2)}" height="${f(top - lt + h * 0.04)}" rx="${f(w * 0.025)}" fill="${doc.linear(
        [
          [0, lc[0] ?? "#000"],
          [0.22, lc[1] ?? "#000"],
          [0.34, lc[2] ?? "#000"],
          [0.55, lc[3] ?? "#000"],
          [1, lc[4] ?? "#000"],
        ],
        { x1: 0, y1: 0, x2: 1, y2: 0 },
      )}"/>`,
    );
    if (metal)
      out.push(
        `<path d="M${f(x - lw)},${f((lt + top) / 2 + h * 0.02)}H${f(x + lw)}" stroke="#3a2604" stroke-opacity="0.3" stroke-width="${f(top - lt + h * 0.02)}" stroke-dasharray="${f(w * 0.008)} ${f(w * 0.018)}"/>`,
      );
    out.push(
      `<path d="${ellipsePath(x, lt, lw, h * 0.018)}" fill="${metal ? "#f2d27a" : "#b88450"}"/>`,
    );
  } else {
    // gingham cloth tied with twine
    const pid = doc.defOnce(
      "gingham",
      (id) =>
        `<pattern id="${id}" width="24" height="24" patternUnits="userSpaceOnUse"><rect width="24" height="24" fill="#f6f1ea"/><rect width="12" height="24" fill="#c8322e" fill-opacity="0.55"/><rect width="24" height="12" fill="#c8322e" fill-opacity="0.55"/></pattern>`,
    );
    const drop = h * 0.12;
    const hemPts: string[] = [];
    const n = 7;
    for (let i = n; i >= 0; i--) {
      const t = i / n;
      hemPts.push(
        `${f(x - lw * 1.35 + t * lw * 2.7)},${f(top + drop + (i % 2 === 0 ? 0 : -h * 0.03) + Math.sin(t * Math.PI) * h * 0.02)}`,
      );
    }
    const cloth = `M${f(x - lw * 1.05)},${f(lt)}Q${f(x)},${f(lt - h * 0.05)} ${f(x + lw * 1.05)},${f(lt)}L${hemPts.join("L")}Z`;
    out.push(`<path d="${cloth}" fill="url(#${pid})"/>`);
    out.push(
      `<path d="${cloth}" fill="${doc.linear(
        [
          [0, "#000000", 0.35],
          [0.35, "#000000", 0],
          [1, "#000000", 0.4],
        ],
        { x1: 0, y1: 0, x2: 1, y2: 0 },
      )}"/>`,
    );
    out.push(
      `<path d="M${f(x - nw * 1.05)},${f(top + h * 0.02)}Q${f(x)},${f(top + h * 0.045)} ${f(x + nw * 1.05)},${f(top + h * 0.02)}" fill="none" stroke="#a07a48" stroke-width="${f(w * 0.022)}"/>`,
    );
    out.push(
      `<path d="M${f(x + nw * 0.3)},${f(top + h * 0.03)}c${f(w * 0.1)},${f(-h * 0.06)} ${f(w * 0.16)},${f(h * 0.02)} 0,${f(h * 0.01)}c${f(w * 0.06)},${f(h * 0.05)} ${f(w * 0.1)},${f(h * 0.1)} ${f(w * 0.08)},${f(h * 0.14)}" fill="none" stroke="#a07a48" stroke-width="${f(w * 0.016)}" stroke-linecap="round"/>`,
    );
  }
  return out.join("");
}

/** A small honey bee (or a label emblem when `ink` is given). */
export function bee(
  doc: Doc,
  _rng: Rng,
  x: number,
  y: number,
  s: number,
  rot: number,
  ink?: string,
): string {
  const deg = (rot * 180) / Math.PI;
  const body = ink ?? "#f2b321";
  const dark = ink ?? "#1d1408";
  const wings = ink
    ? `<ellipse cx="${f(-s * 0.1)}" cy="${f(-s * 0.55)}" rx="${f(s * 0.35)}" ry="${f(s * 0.5)}" fill="none" stroke="${ink}" stroke-width="${f(s * 0.08)}" transform="rotate(-20 0 0)"/>`
    : `<ellipse cx="${f(-s * 0.15)}" cy="${f(-s * 0.6)}" rx="${f(s * 0.38)}" ry="${f(s * 0.62)}" fill="#ffffff" fill-opacity="0.55" stroke="#ffffff" stroke-opacity="0.8" stroke-width="${f(s * 0.04)}" transform="rotate(-25 0 0)"/>` +
      `<ellipse cx="${f(s * 0.25)}" cy="${f(-s * 0.55)}" rx="${f(s * 0.3)}" ry="${f(s * 0.5)}" fill="#ffffff" fill-opacity="0.45" stroke="#ffffff" stroke-opacity="0.7" stroke-width="${f(s * 0.04)}" transform="rotate(20 0 0)"/>`;
  const stripes = `M${f(-s * 0.1)},${f(-s * 0.45)}v${f(s * 0.9)}M${f(s * 0.3)},${f(-s * 0.42)}v${f(s * 0.84)}`;
  const bodyFill = ink
    ? body
    : doc.radial(
        [
          [0, "#ffe08a"],
          [0.6, body],
          [1, "#a86a08"],
        ],
        { cx: 0.4, cy: 0.35, r: 0.7 },
      );
  return (
    `<g transform="translate(${f(x)} ${f(y)}) rotate(${f(deg)})">` +
    `<ellipse cx="0" cy="0" rx="${f(s * 0.75)}" ry="${f(s * 0.48)}" fill="${bodyFill}"/>` +
    `<path d="${stripes}" stroke="${dark}" stroke-width="${f(s * 0.18)}"${ink ? ' stroke-opacity="0"' : ""}/>` +
    `<circle cx="${f(-s * 0.8)}" cy="0" r="${f(s * 0.3)}" fill="${dark}"/>` +
    wings +
    `</g>`
  );
}

/** A wooden honey dipper; handle end at (x,y), head at `len` along `angle`. Returns the drip point too. */
export function dipper(
  doc: Doc,
  rng: Rng,
  x: number,
  y: number,
  len: number,
  angle: number,
  tone: HoneyTone,
  drip = 0.6,
): { svg: string; tip: Pt } {
  const hc = HONEYS[tone];
  const deg = (angle * 180) / Math.PI;
  const wood = "#caa06a";
  const R = len * 0.11;
  const out: string[] = [];
  out.push(`<g transform="translate(${f(x)} ${f(y)}) rotate(${f(deg)})">`);
  out.push(
    `<rect x="0" y="${f(-len * 0.028)}" width="${f(len * 0.7)}" height="${f(len * 0.056)}" rx="${f(len * 0.028)}" fill="${doc.linear(
      [
        [0, lighten(wood, 0.3)],
        [0.45, wood],
        [1, darken(wood, 0.4)],
      ],
      { x1: 0, y1: 0, x2: 0, y2: 1 },
    )}"/>`,
  );
  const ridges = 6;
  for (let i = 0; i < ridges; i++) {
    const t = i / (ridges - 1);
    const cx = len * (0.7 + t * 0.27);
    const r = R * (0.55 + 0.45 * Math.sin(Math.PI * (0.15 + t * 0.75)));
    out.push(
      `<ellipse cx="${f(cx)}" cy="0" rx="${f(len * 0.03)}" ry="${f(r)}" fill="${doc.linear(
        [
          [0, lighten(wood, 0.25)],
          [0.5, wood],
          [1, darken(wood, 0.45)],
        ],
        { x1: 0, y1: 0, x2: 0, y2: 1 },
      )}" stroke="${darken(wood, 0.4)}" stroke-width="${f(len * 0.004)}"/>`,
    );
  }
  // honey coating the head
  out.push(
    `<path d="M${f(len * 0.74)},${f(-R * 0.75)}Q${f(len * 0.86)},${f(-R * 1.05)} ${f(len * 0.98)},${f(-R * 0.6)}L${f(len * 0.99)},${f(R * 0.7)}Q${f(len * 0.86)},${f(R * 1.15)} ${f(len * 0.72)},${f(R * 0.8)}Z" fill="${doc.linear(
      [
        [0, hc[3], 0.75],
        [0.5, hc[2], 0.75],
        [1, hc[1], 0.9],
      ],
      { x1: 0, y1: 0, x2: 0, y2: 1 },
    )}"/>`,
  );
  out.push(
    `<path d="M${f(len * 0.76)},${f(-R * 0.55)}Q${f(len * 0.86)},${f(-R * 0.8)} ${f(len * 0.95)},${f(-R * 0.45)}" fill="none" stroke="#ffffff" stroke-opacity="0.7" stroke-width="${f(len * 0.012)}" stroke-linecap="round"/>`,
  );
  out.push(`</g>`);
  const hx = x + Math.cos(angle) * len * 0.86;
  const hy = y + Math.sin(angle) * len * 0.86;
  const tip: Pt = [hx, hy + R * 0.9];
  if (drip > 0) {
    const dl = R * (0.6 + drip * 1.2) * rng.range(0.8, 1.2);
    out.push(
      `<path d="M${f(hx - R * 0.45)},${f(hy + R * 0.5)}Q${f(hx - R * 0.1)},${f(hy + R + dl * 0.4)} ${f(hx)},${f(hy + R + dl)}Q${f(hx + R * 0.12)},${f(hy + R + dl * 0.4)} ${f(hx + R * 0.45)},${f(hy + R * 0.5)}Z" fill="${doc.linear(
        [
          [0, hc[2]],
          [1, hc[1]],
        ],
        { x1: 0, y1: 0, x2: 1, y2: 0 },
      )}"/>`,
    );
    out.push(
      `<circle cx="${f(hx - R * 0.06)}" cy="${f(hy + R + dl * 0.75)}" r="${f(R * 0.07)}" fill="#ffffff" fill-opacity="0.7"/>`,
    );
  }
  return { svg: out.join(""), tip };
}

/** A thin stream of honey falling from (x0,y0) to (x1,y1), coiling on the surface. */
export function honeyStream(
  _doc: Doc,
  rng: Rng,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  wdt: number,
  tone: HoneyTone,
): string {
  const hc = HONEYS[tone];
  const pts: Pt[] = [];
  for (let i = 0; i <= 8; i++) {
    const t = i / 8;
    pts.push([
      x0 + (x1 - x0) * t + Math.sin(t * 5 + rng.range(0, 1)) * wdt * 0.4 * t,
      y0 + (y1 - y0) * t,
    ]);
  }
  const d = smoothOpen(pts);
  let coil = "";
  for (let i = 0; i < 4; i++)
    coil += ellipsePath(
      x1 + rng.range(-1, 1) * wdt,
      y1 - i * wdt * 0.55,
      wdt * (2.4 - i * 0.4),
      wdt * 0.7,
    );
  return (
    `<path d="${coil}" fill="none" stroke="${hc[1]}" stroke-width="${f(wdt * 0.9)}"/>` +
    `<path d="${d}" fill="none" stroke="${hc[1]}" stroke-width="${f(wdt)}" stroke-linecap="round"/>` +
    `<path d="${d}" fill="none" stroke="${hc[3]}" stroke-width="${f(wdt * 0.45)}" stroke-linecap="round"/>` +
    `<path d="${d}" fill="none" stroke="#ffffff" stroke-opacity="0.6" stroke-width="${f(wdt * 0.14)}" transform="translate(${f(-wdt * 0.2)} 0)"/>` +
    `<path d="${coil}" fill="none" stroke="${hc[3]}" stroke-opacity="0.8" stroke-width="${f(wdt * 0.3)}" transform="translate(${f(-wdt * 0.1)} ${f(-wdt * 0.15)})"/>`
  );
}

/** A slab of honeycomb centred at (x,y) with half-size (rx, ry); `k` squashes it for perspective. */
export function honeycomb(
  doc: Doc,
  rng: Rng,
  x: number,
  y: number,
  rx: number,
  ry: number,
  hr: number,
  tone: HoneyTone,
  k = 0.7,
): string {
  const hc = HONEYS[tone];
  const outline = blobPoints(x, y, rx, ry * k, rng.range(-0.2, 0.2), wobble(rng, 0.12, 5), 16);
  const shape = smoothClosed(outline);
  const out = [shadow(doc, x + rx * 0.1, y + ry * k * 0.5, rx * 1.15, ry * k * 1.05, 0.55)];
  // the slab's thickness
  out.push(
    `<path d="${smoothClosed(outline.map(([px, py]): Pt => [px, py + ry * 0.18]))}" fill="${darken(hc[1], 0.2)}"/>`,
  );
  out.push(`<path d="${shape}" fill="#f2d37a"/>`);
  let cellsDark = "";
  let cellsLit = "";
  let capped = "";
  let glints = "";
  const dx = hr * Math.sqrt(3);
  const dy = hr * 1.5 * k;
  for (let row = -Math.ceil(ry / dy) - 1; row <= Math.ceil(ry / dy) + 1; row++) {
    for (let col = -Math.ceil(rx / dx) - 1; col <= Math.ceil(rx / dx) + 1; col++) {
      const cx = x + col * dx + (row % 2 === 0 ? 0 : dx / 2);
      const cy = y + row * dy;
      const hex = (r: number, ox = 0, oy = 0) =>
        "M" +
        Array.from(
          { length: 6 },
          (_, i) =>
            `${f(cx + ox + Math.cos((i / 6) * TAU + Math.PI / 6) * r)},${f(cy + oy + Math.sin((i / 6) * TAU + Math.PI / 6) * r * k)}`,
        ).join("L") +
        "Z";
      if (rng.chance(0.22)) {
        capped += hex(hr * 0.88);
      } else {
        cellsDark += hex(hr * 0.88);
        cellsLit += hex(hr * 0.62, hr * 0.14, hr * 0.14 * k);
        glints += ellipsePath(cx - hr * 0.28, cy - hr * 0.3 * k, hr * 0.24, hr * 0.1, -0.5);
      }
    }
  }
  const clip = doc.clip(`<path d="${shape}"/>`);
  out.push(`<g clip-path="${clip}">`);
  out.push(`<path d="${cellsDark}" fill="${darken(hc[1], 0.15)}"/>`);
  out.push(`<path d="${cellsLit}" fill="${hc[2]}"/>`);
  out.push(
    `<path d="${capped}" fill="${doc.linear(
      [
        [0, "#fbeaa8"],
        [1, "#e8c466"],
      ],
      { x1: 0, y1: 0, x2: 0, y2: 1 },
    )}"/>`,
  );
  out.push(`<path d="${glints}" fill="#ffffff" fill-opacity="0.85"/>`);
  out.push(`</g>`);
  out.push(
    `<path d="${shape}" fill="${doc.radial(
      [
        [0, "#fff8d0", 0.2],
        [0.7, "#000000", 0],
        [1, "#3a1800", 0.35],
      ],
      { cx: 0.4, cy: 0.35, r: 0.7 },
    )}" stroke="#e8c05a" stroke-width="${f(hr * 0.2)}"/>`,
  );
  return out.join("");
}

/** Tree stump / log slice to stand a jar on; (x,y) is the centre of its top. */
export function stump(
  doc: Doc,
  rng: Rng,
  x: number,
  y: number,
  R: number,
  k = 0.3,
  height = 0.6,
): string {
  const ry = R * k;
  const hgt = R * height;
  const bark = "#5a3a22";
  let rings = "";
  for (let i = 1; i <= 7; i++)
    rings += ellipsePath(x + rng.range(-2, 2), y, R * (i / 8) * 0.9, ry * (i / 8) * 0.9);
  return (
    shadow(doc, x + R * 0.2, y + hgt, R * 1.3, ry * 1.2, 0.6) +
    `<path d="M${f(x - R)},${f(y)}L${f(x - R)},${f(y + hgt)}A${f(R)},${f(ry)} 0 0,0 ${f(x + R)},${f(y + hgt)}L${f(x + R)},${f(y)}Z" fill="${doc.linear(
      [
        [0, darken(bark, 0.3)],
        [0.3, lighten(bark, 0.2)],
        [1, darken(bark, 0.5)],
      ],
      { x1: 0, y1: 0, x2: 1, y2: 0 },
    )}"/>` +
    `<path d="${Array.from({ length: 14 }, () => {
      const bx = x + rng.range(-0.95, 0.95) * R;
      return `M${f(bx)},${f(y + ry * 0.5)}l${f(rng.range(-4, 4))},${f(hgt * rng.range(0.5, 1.1))}`;
    }).join("")}" stroke="#2a1808" stroke-opacity="0.5" stroke-width="${f(R * 0.02)}"/>` +
    `<ellipse cx="${f(x)}" cy="${f(y)}" rx="${f(R)}" ry="${f(ry)}" fill="${doc.radial(
      [
        [0, "#e2c08e"],
        [0.85, "#c89a62"],
        [1, "#8a5a30"],
      ],
      { cx: 0.45, cy: 0.45, r: 0.6 },
    )}"/>` +
    `<path d="${rings}" fill="none" stroke="#8a6038" stroke-opacity="0.45" stroke-width="${f(R * 0.012)}"/>`
  );
}

/** Yellow rapeseed/flower meadow from `horizon` down, with some taller flowers up front. */
export function flowerMeadow(doc: Doc, rng: Rng, W: number, H: number, horizon: number): string {
  const out: string[] = [];
  out.push(
    `<rect x="0" y="${f(horizon)}" width="${f(W)}" height="${f(H - horizon)}" fill="${doc.linear(
      [
        [0, "#d8c840"],
        [0.3, "#8aa232"],
        [1, "#3e6a24"],
      ],
      { x1: 0, y1: 0, x2: 0, y2: 1 },
    )}"/>`,
  );
  // flower mass: more, bigger blossoms towards the camera
  const layers = 5;
  for (let l = 0; l < layers; l++) {
    const t0 = l / layers;
    let blossoms = "";
    let lights = "";
    let stems = "";
    const n = 260 + l * 40;
    for (let i = 0; i < n; i++) {
      const t = t0 + rng.next() / layers;
      const y = horizon + (H - horizon) * t * t * 1.05;
      const s = 2 + 22 * t * t;
      const xx = rng.range(-20, W + 20);
      if (l >= 2) stems += `M${f(xx)},${f(y)}l${f(rng.range(-3, 3))},${f(s * 4)}`;
      blossoms += dot(xx, y, s);
      lights += dot(xx - s * 0.3, y - s * 0.35, s * 0.45);
    }
    if (stems)
      out.push(
        `<path d="${stems}" stroke="#4e7a2a" stroke-width="${f(1 + l)}" stroke-opacity="0.8"/>`,
      );
    out.push(`<path d="${blossoms}" fill="${jitter("#f2cf1e", rng, 0.04)}"/>`);
    out.push(`<path d="${lights}" fill="#fff28a" fill-opacity="0.75"/>`);
  }
  return out.join("");
}

/** A clump of four-petalled flowers (foreground accent). */
export function flowerClump(
  _doc: Doc,
  rng: Rng,
  x: number,
  y: number,
  s: number,
  color: string,
): string {
  let petals = "";
  let centres = "";
  let stems = "";
  for (let i = 0; i < 7; i++) {
    const fx = x + rng.range(-1, 1) * s * 2;
    const fy = y + rng.range(-1, 0.3) * s * 1.4;
    stems += `M${f(fx)},${f(fy)}l${f(rng.range(-5, 5))},${f(s * 2.5)}`;
    for (let p = 0; p < 4; p++) {
      const a = (p / 4) * TAU + rng.range(0, 0.4);
      petals += ellipsePath(
        fx + Math.cos(a) * s * 0.32,
        fy + Math.sin(a) * s * 0.32,
        s * 0.33,
        s * 0.22,
        a,
      );
    }
    centres += dot(fx, fy, s * 0.12);
  }
  return `<path d="${stems}" stroke="#3f6a22" stroke-width="${f(s * 0.08)}"/><path d="${petals}" fill="${color}"/><path d="${petals}" fill="#ffffff" fill-opacity="0.18" transform="translate(${f(-s * 0.04)} ${f(-s * 0.05)})"/><path d="${centres}" fill="#c8780e"/>`;
}
