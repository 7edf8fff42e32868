// Backgrounds for the product photos: wood tables, linen, slate, soft
// out-of-focus walls, skies, soil and the final light/vignette passes.
import {
  alphaMatrix,
  darken,
  type Doc,
  f,
  glow,
  jitter,
  lighten,
  mix,
  noisePattern,
  type Rng,
  smoothOpen,
  type Pt,
} from "./art-core";

export type Rect = { x: number; y: number; w: number; h: number };

export const WOODS = {
  oak: "#c4925a",
  honey: "#b7783f",
  walnut: "#6e4529",
  weathered: "#9b8468",
  dark: "#4a3122",
} as const;
export type WoodTone = keyof typeof WOODS;

/**
 * Plank table. With `perspective` the planks run left↔right and get thinner
 * towards the top (three-quarter camera); otherwise all planks are equal (top-down).
 */
export function woodTable(
  doc: Doc,
  rng: Rng,
  r: Rect,
  tone: WoodTone,
  perspective = false,
): string {
  const base = WOODS[tone];
  const out: string[] = [];
  // plank boundaries
  const ys: number[] = [];
  if (perspective) {
    let h = r.h * rng.range(0.3, 0.38);
    let y = r.y + r.h + rng.range(0, h * 0.6);
    while (y > r.y) {
      ys.unshift(y);
      y -= h;
      h *= 0.8;
    }
    ys.unshift(r.y);
  } else {
    const n = rng.int(4, 6);
    const off = rng.range(0, r.h / n);
    ys.push(r.y);
    for (let i = 0; i <= n; i++) ys.push(r.y + off + (i * r.h) / n);
  }
  ys.push(r.y + r.h + 400);
  for (let i = 0; i < ys.length - 1; i++) {
    const y0 = ys[i] ?? 0;
    const y1 = Math.min(ys[i + 1] ?? 0, r.y + r.h);
    if (y1 <= y0) continue;
    const ph = y1 - y0;
    const c = jitter(base, rng, 0.07);
    const fill = doc.linear(
      [
        [0, lighten(c, 0.06)],
        [0.5, c],
        [1, darken(c, 0.12)],
      ],
      { x1: 0, y1: 0, x2: 0, y2: 1 },
    );
    out.push(
      `<rect x="${f(r.x)}" y="${f(y0)}" width="${f(r.w)}" height="${f(ph)}" fill="${fill}"/>`,
    );
    // long grain lines
    let dark = "";
    let light = "";
    const lines = Math.max(4, Math.round(ph / 9));
    for (let k = 0; k < lines; k++) {
      const yy = y0 + rng.range(0, ph);
      const amp = rng.range(1, ph * 0.08);
      const pts: Pt[] = [];
      const seg = rng.int(5, 9);
      const ph0 = rng.range(0, 6);
      for (let s = 0; s <= seg; s++) {
        const x = r.x - 20 + ((r.w + 40) * s) / seg;
        pts.push([x, Math.min(y1 - 1, Math.max(y0 + 1, yy + Math.sin(s * 0.9 + ph0) * amp))]);
      }
      const d = smoothOpen(pts);
      if (rng.chance(0.7)) dark += d;
      else light += d;
    }
    const sw = Math.max(0.8, ph / 90);
    out.push(
      `<path d="${dark}" fill="none" stroke="${darken(c, 0.45)}" stroke-opacity="0.22" stroke-width="${f(sw)}"/>`,
    );
    out.push(
      `<path d="${light}" fill="none" stroke="${lighten(c, 0.35)}" stroke-opacity="0.2" stroke-width="${f(sw * 1.4)}"/>`,
    );
    // a knot now and then
    if (rng.chance(0.45)) {
      const kx = r.x + rng.range(0.1, 0.9) * r.w;
      const ky = y0 + ph * rng.range(0.3, 0.7);
      const kr = ph * rng.range(0.05, 0.1);
      let rings = "";
      for (let q = 1; q <= 3; q++)
        rings += `M${f(kx - kr * (1 + q) * 1.3)},${f(ky)}a${f(kr * (1 + q) * 1.3)},${f(kr * (0.5 + q * 0.35))} 0 1,0 ${f(kr * (1 + q) * 2.6)},0a${f(kr * (1 + q) * 1.3)},${f(kr * (0.5 + q * 0.35))} 0 1,0 ${f(-kr * (1 + q) * 2.6)},0`;
      out.push(
        `<ellipse cx="${f(kx)}" cy="${f(ky)}" rx="${f(kr * 1.6)}" ry="${f(kr * 0.6)}" fill="${darken(c, 0.4)}" fill-opacity="0.55"/>`,
      );
      out.push(
        `<path d="${rings}" fill="none" stroke="${darken(c, 0.35)}" stroke-opacity="0.25" stroke-width="${f(sw)}"/>`,
      );
    }
    // seam
    out.push(
      `<rect x="${f(r.x)}" y="${f(y0)}" width="${f(r.w)}" height="${f(Math.max(1.5, ph * 0.018))}" fill="${darken(c, 0.6)}" fill-opacity="0.7"/>`,
    );
    out.push(
      `<rect x="${f(r.x)}" y="${f(y0 + Math.max(1.5, ph * 0.018))}" width="${f(r.w)}" height="${f(Math.max(1, ph * 0.01))}" fill="${lighten(c, 0.4)}" fill-opacity="0.35"/>`,
    );
  }
  // fine fibre texture
  const tex = noisePattern(doc, {
    size: 240,
    freq: "0.006 0.12",
    octaves: 3,
    seed: rng.int(1, 3),
    matrix: alphaMatrix(darken(base, 0.5), 1.6, 0.35),
  });
  out.push(
    `<rect x="${f(r.x)}" y="${f(r.y)}" width="${f(r.w)}" height="${f(r.h)}" fill="${tex}" fill-opacity="0.5"/>`,
  );
  return out.join("");
}

export const LINENS = {
  oat: "#e6dccb",
  white: "#f1ece4",
  sage: "#c9d1bb",
  blush: "#ead5cc",
  indigo: "#5b6b86",
} as const;
export type LinenTone = keyof typeof LINENS;

/** Linen cloth with weave texture and a few soft folds. */
export function linen(doc: Doc, rng: Rng, r: Rect, tone: LinenTone): string {
  const c = LINENS[tone];
  const out: string[] = [];
  out.push(`<rect x="${f(r.x)}" y="${f(r.y)}" width="${f(r.w)}" height="${f(r.h)}" fill="${c}"/>`);
  // folds: broad wavy light/dark bands
  for (let i = 0; i < 5; i++) {
    const y = r.y + rng.range(-0.1, 1.1) * r.h;
    const tilt = rng.range(-0.35, 0.35) * r.h;
    const wdt = rng.range(0.05, 0.14) * r.h;
    const dark = i % 2 === 0;
    const fill = doc.linear(
      [
        [0, dark ? darken(c, 0.3) : "#ffffff", 0],
        [0.5, dark ? darken(c, 0.3) : "#ffffff", dark ? 0.22 : 0.3],
        [1, dark ? darken(c, 0.3) : "#ffffff", 0],
      ],
      { x1: 0, y1: 0, x2: 0, y2: 1 },
    );
    const pts: Pt[] = [
      [r.x - 50, y - wdt],
      [r.x + r.w * 0.5, y + tilt * 0.5 - wdt + rng.range(-30, 30)],
      [r.x + r.w + 50, y + tilt - wdt],
      [r.x + r.w + 50, y + tilt + wdt],
      [r.x + r.w * 0.5, y + tilt * 0.5 + wdt],
      [r.x - 50, y + wdt],
    ];
    out.push(`<path d="M${pts.map((p) => `${f(p[0])},${f(p[1])}`).join("L")}Z" fill="${fill}"/>`);
  }
  const warp = noisePattern(doc, {
    size: 160,
    freq: "0.7 0.05",
    octaves: 1,
    seed: rng.int(1, 3),
    matrix: alphaMatrix(darken(c, 0.35), 1.6, 0.45),
  });
  const weft = noisePattern(doc, {
    size: 160,
    freq: "0.05 0.7",
    octaves: 1,
    seed: rng.int(1, 3),
    matrix: alphaMatrix(darken(c, 0.35), 1.6, 0.45),
  });
  const slub = noisePattern(doc, {
    size: 300,
    freq: "0.03 0.08",
    octaves: 2,
    seed: rng.int(1, 3),
    matrix: alphaMatrix(lighten(c, 0.6), 1.5, 0.5),
  });
  out.push(
    `<rect x="${f(r.x)}" y="${f(r.y)}" width="${f(r.w)}" height="${f(r.h)}" fill="${warp}" fill-opacity="0.4"/>`,
  );
  out.push(
    `<rect x="${f(r.x)}" y="${f(r.y)}" width="${f(r.w)}" height="${f(r.h)}" fill="${weft}" fill-opacity="0.4"/>`,
  );
  out.push(
    `<rect x="${f(r.x)}" y="${f(r.y)}" width="${f(r.w)}" height="${f(r.h)}" fill="${slub}"/>`,
  );
  return out.join("");
}

/** Dark slate / stone board. */
export function slate(doc: Doc, rng: Rng, r: Rect): string {
  const c = rng.pick(["#3b3f44", "#44403c", "#34383a"]);
  const fill = doc.radial(
    [
      [0, lighten(c, 0.12)],
      [1, darken(c, 0.25)],
    ],
    { cx: 0.35, cy: 0.3, r: 0.9 },
  );
  const speck = noisePattern(doc, {
    size: 220,
    freq: 0.05,
    octaves: 4,
    seed: rng.int(1, 3),
    matrix: alphaMatrix("#9aa0a6", 2.4, 0.52),
  });
  const fine = noisePattern(doc, {
    size: 160,
    freq: 0.7,
    octaves: 1,
    seed: rng.int(1, 3),
    matrix: alphaMatrix("#000000", 2, 0.45),
  });
  return (
    `<rect x="${f(r.x)}" y="${f(r.y)}" width="${f(r.w)}" height="${f(r.h)}" fill="${fill}"/>` +
    `<rect x="${f(r.x)}" y="${f(r.y)}" width="${f(r.w)}" height="${f(r.h)}" fill="${speck}" fill-opacity="0.6"/>` +
    `<rect x="${f(r.x)}" y="${f(r.y)}" width="${f(r.w)}" height="${f(r.h)}" fill="${fine}" fill-opacity="0.5"/>`
  );
}

/** Out-of-focus background (a warm wall with window light, sometimes a plant) above a table edge at `horizon`. */
export function softBackdrop(doc: Doc, rng: Rng, W: number, horizon: number, tint: string): string {
  const fill = doc.linear(
    [
      [0, lighten(tint, 0.3)],
      [0.75, tint],
      [1, darken(tint, 0.12)],
    ],
    { x1: 0, y1: 0, x2: 0.2, y2: 1 },
  );
  const out = [`<rect x="0" y="0" width="${f(W)}" height="${f(horizon + 5)}" fill="${fill}"/>`];
  // window light falling in from one side
  const side = rng.chance(0.5) ? 0.2 : 0.8;
  out.push(
    glow(doc, W * side, horizon * 0.3, Math.max(horizon * 1.6, W * 0.35), "#fffaf0", 0.55, 0.15),
  );
  for (let i = 0; i < 6; i++)
    out.push(
      glow(
        doc,
        rng.range(0, W),
        rng.range(0, horizon),
        rng.range(40, 130),
        "#fff8e8",
        rng.range(0.15, 0.35),
        0.6,
      ),
    );
  // an out-of-focus pot plant in the background now and then (one small blur filter)
  if (rng.chance(0.55)) {
    const px = W * (1 - side) + rng.range(-0.08, 0.08) * W;
    const potW = rng.range(110, 160);
    const potH = potW * 0.9;
    const potC = rng.pick(["#e8e2d8", "#b86a48", "#6f7f86", "#d9cbb0"]);
    let plant = `<path d="M${f(px - potW / 2)},${f(horizon - potH)}L${f(px + potW / 2)},${f(horizon - potH)}L${f(px + potW * 0.38)},${f(horizon + 4)}L${f(px - potW * 0.38)},${f(horizon + 4)}Z" fill="${doc.linear(
      [
        [0, lighten(potC, 0.2)],
        [1, darken(potC, 0.35)],
      ],
      { x1: 0, y1: 0, x2: 1, y2: 0 },
    )}"/>`;
    for (let i = 0; i < 16; i++) {
      const a = rng.range(-Math.PI * 0.95, -Math.PI * 0.05);
      const l = rng.range(110, 220);
      const c = rng.pick(["#4f7a3a", "#3d6630", "#6d9450"]);
      const bx = px + rng.range(-20, 20);
      const by = horizon - potH;
      const tx = bx + Math.cos(a) * l;
      const ty = by + Math.sin(a) * l;
      const nx = -Math.sin(a) * l * 0.22;
      const ny = Math.cos(a) * l * 0.22;
      plant += `<path d="M${f(bx)},${f(by)}Q${f((bx + tx) / 2 + nx)},${f((by + ty) / 2 + ny)} ${f(tx)},${f(ty)}Q${f((bx + tx) / 2 - nx)},${f((by + ty) / 2 - ny)} ${f(bx)},${f(by)}Z" fill="${c}"/>`;
    }
    const blur = doc.defOnce(
      "bgblur",
      (id) =>
        `<filter id="${id}" x="-20%" y="-20%" width="140%" height="140%"><feGaussianBlur stdDeviation="14"/></filter>`,
    );
    out.push(`<g filter="url(#${blur})" opacity="0.85">${plant}</g>`);
  }
  // soft shadow where the wall meets the table
  const edge = doc.linear(
    [
      [0, "#000000", 0],
      [1, "#000000", 0.18],
    ],
    { x1: 0, y1: 0, x2: 0, y2: 1 },
  );
  out.push(`<rect x="0" y="${f(horizon - 60)}" width="${f(W)}" height="65" fill="${edge}"/>`);
  return out.join("");
}

/** Sunny sky with soft foliage bokeh. */
export function sky(
  doc: Doc,
  rng: Rng,
  W: number,
  H: number,
  mood: "blue" | "golden" = "blue",
): string {
  const stops: readonly (readonly [number, string])[] =
    mood === "blue"
      ? [
          [0, "#5f9fd8"],
          [0.55, "#a9d0ee"],
          [1, "#e4f1f5"],
        ]
      : [
          [0, "#8fb4d6"],
          [0.5, "#f3d9a4"],
          [1, "#f6c27a"],
        ];
  const out = [
    `<rect width="${f(W)}" height="${f(H)}" fill="${doc.linear(stops, { x1: 0, y1: 0, x2: 0, y2: 1 })}"/>`,
  ];
  // sun glow
  const sx = rng.range(0.1, 0.4) * W;
  out.push(glow(doc, sx, H * rng.range(0.05, 0.2), H * 0.7, "#fffbe8", 0.75, 0.05));
  return out.join("");
}

/** Blurry foliage blobs (bokeh) in the background. */
export function foliageBokeh(
  doc: Doc,
  rng: Rng,
  W: number,
  y0: number,
  y1: number,
  n: number,
  greens: readonly string[],
): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = rng.range(60, 190);
    out.push(
      glow(
        doc,
        rng.range(-50, W + 50),
        rng.range(y0, y1),
        r,
        jitter(rng.pick(greens), rng, 0.1),
        rng.range(0.45, 0.85),
        0.35,
      ),
    );
  }
  for (let i = 0; i < n / 2; i++) {
    out.push(
      glow(
        doc,
        rng.range(0, W),
        rng.range(y0, y1),
        rng.range(12, 40),
        "#fffbe0",
        rng.range(0.3, 0.7),
        0.7,
      ),
    );
  }
  return out.join("");
}

/** Freshly turned field soil from `horizon` to the bottom, with furrows in perspective. */
export function soilField(doc: Doc, rng: Rng, W: number, H: number, horizon: number): string {
  const out: string[] = [];
  const base = rng.pick(["#5a3d27", "#4e3422", "#65452c"]);
  out.push(
    `<rect x="0" y="${f(horizon)}" width="${f(W)}" height="${f(H - horizon)}" fill="${doc.linear(
      [
        [0, mix(base, "#a89070", 0.35)],
        [0.35, base],
        [1, darken(base, 0.2)],
      ],
      { x1: 0, y1: 0, x2: 0, y2: 1 },
    )}"/>`,
  );
  // furrows converging to a vanishing point
  const vx = W * rng.range(0.35, 0.65);
  const rows = 11;
  for (let i = -rows; i <= rows; i++) {
    const xb = vx + i * W * 0.16;
    const ridge = doc.linear(
      [
        [0, lighten(base, 0.18), 0],
        [0.5, lighten(base, 0.2), 0.55],
        [1, darken(base, 0.4), 0.6],
      ],
      { x1: 0, y1: 0, x2: 1, y2: 0 },
    );
    const wdt = W * 0.05;
    out.push(
      `<path d="M${f(vx + i * 6)},${f(horizon)}L${f(xb - wdt)},${f(H + 20)}L${f(xb + wdt)},${f(H + 20)}Z" fill="${ridge}"/>`,
    );
  }
  // clods & pebbles
  let dark = "";
  let light = "";
  for (let i = 0; i < 420; i++) {
    const t = rng.next();
    const y = horizon + (H - horizon) * t * t;
    const s = 1.5 + 9 * t * t * rng.range(0.4, 1.2);
    const x = rng.range(0, W);
    light += `M${f(x - s)},${f(y)}a${f(s)},${f(s * 0.6)} 0 1,0 ${f(2 * s)},0a${f(s)},${f(s * 0.6)} 0 1,0 ${f(-2 * s)},0`;
    dark += `M${f(x - s)},${f(y + s * 0.5)}a${f(s)},${f(s * 0.5)} 0 1,0 ${f(2 * s)},0a${f(s)},${f(s * 0.5)} 0 1,0 ${f(-2 * s)},0`;
  }
  out.push(`<path d="${dark}" fill="${darken(base, 0.5)}" fill-opacity="0.5"/>`);
  out.push(`<path d="${light}" fill="${lighten(base, 0.22)}" fill-opacity="0.7"/>`);
  const grit = noisePattern(doc, {
    size: 200,
    freq: 0.25,
    octaves: 3,
    seed: rng.int(1, 3),
    matrix: alphaMatrix(darken(base, 0.6), 2.2, 0.45),
  });
  out.push(
    `<rect x="0" y="${f(horizon)}" width="${f(W)}" height="${f(H - horizon)}" fill="${grit}"/>`,
  );
  return out.join("");
}

/** Final pass: warm key light from the upper left + vignette. */
export function finishLight(doc: Doc, W: number, H: number, warmth = 0.18): string {
  const key = doc.radial(
    [
      [0, "#fff2d6", warmth],
      [1, "#fff2d6", 0],
    ],
    { cx: 0.15, cy: 0.05, r: 0.9 },
  );
  const vig = doc.radial(
    [
      [0, "#000000", 0],
      [0.55, "#000000", 0],
      [1, "#1a0f08", 0.42],
    ],
    { cx: 0.5, cy: 0.5, r: 0.75 },
  );
  return `<rect width="${f(W)}" height="${f(H)}" fill="${key}"/><rect width="${f(W)}" height="${f(H)}" fill="${vig}"/>`;
}
