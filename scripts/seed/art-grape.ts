// Grapes: single berries with waxy bloom, whole bunches (lying or hanging),
// halved berries and five-lobed vine leaves.
import {
  alphaMatrix,
  clamp,
  darken,
  type Doc,
  ellipsePath,
  f,
  jitter,
  lighten,
  mix,
  noisePattern,
  type Rng,
  shadow,
  smoothOpen,
  TAU,
  type Pt,
} from "./art-core";

export type GrapeKind = "red" | "kyoho";

type GrapeSpec = {
  palettes: readonly (readonly [string, string, string, string])[];
  bloom: string;
  bloomOp: number;
  size: number;
  aspect: number;
};

const GRAPE: Record<GrapeKind, GrapeSpec> = {
  red: {
    palettes: [
      ["#e8707e", "#b41f38", "#6e0b22", "#360410"],
      ["#de5a6e", "#9c1634", "#5a0820", "#2c030f"],
      ["#ef8a7e", "#c4343e", "#7e1424", "#3e0612"],
      ["#d4607a", "#8e1a40", "#540a2a", "#280312"],
    ],
    bloom: "#f0d0dc",
    bloomOp: 0.14,
    size: 1,
    aspect: 1.12,
  },
  kyoho: {
    palettes: [
      ["#5e4272", "#2e1638", "#15061b", "#07020a"],
      ["#54406e", "#291433", "#120518", "#060109"],
      ["#6a4a78", "#36193f", "#1a0820", "#0a030c"],
    ],
    bloom: "#a8b0d4",
    bloomOp: 0.3,
    size: 1.25,
    aspect: 1.04,
  },
};

/** A single grape berry (centre x,y, radius b); `shade` 0..1 darkens berries deeper in the bunch. */
export function berry(
  doc: Doc,
  rng: Rng,
  x: number,
  y: number,
  b: number,
  kind: GrapeKind,
  shade = 0,
): string {
  const g = GRAPE[kind];
  const sh = Math.round(clamp(shade, 0, 1) * 3) / 3;
  const p = rng.pick(g.palettes).map((c) => darken(c, sh * 0.45)) as [
    string,
    string,
    string,
    string,
  ];
  const ry = b * g.aspect * rng.range(0.95, 1.05);
  const rot = rng.range(-0.3, 0.3);
  const body = ellipsePath(x, y, b, ry, rot);
  return (
    // ambient occlusion so overlapping berries separate
    `<path d="${ellipsePath(x + b * 0.1, y + b * 0.14, b * 1.14, ry * 1.14, rot)}" fill="${doc.radial(
      [
        [0.72, "#0a0205", 0.6],
        [1, "#0a0205", 0],
      ],
    )}"/>` +
    `<path d="${body}" fill="${doc.radial(
      [
        [0, p[0]],
        [0.3, p[1]],
        [0.78, p[2]],
        [1, p[3]],
      ],
      { cx: 0.42, cy: 0.4, r: 0.65, fx: 0.32, fy: 0.28 },
    )}"/>` +
    // waxy bloom
    `<path d="${body}" fill="${doc.radial(
      [
        [0, g.bloom, g.bloomOp],
        [0.6, g.bloom, g.bloomOp * 0.5],
        [1, g.bloom, 0.05],
      ],
      { cx: 0.45, cy: 0.42, r: 0.6 },
    )}"/>` +
    // rim light on the lower right
    `<path d="${body}" fill="${doc.radial(
      [
        [0.8, "#ffffff", 0],
        [1, kind === "red" ? "#ff9fb0" : "#b7a2d8", 0.35 * (1 - sh * 0.6)],
      ],
      { cx: 0.4, cy: 0.38, r: 0.64 },
    )}"/>` +
    `<path d="${ellipsePath(x - b * 0.36, y - ry * 0.42, b * 0.24, b * 0.13, -0.7)}" fill="#ffffff" fill-opacity="${f((kind === "red" ? 0.65 : 0.5) * (1 - sh * 0.5))}"/>` +
    `<circle cx="${f(x - b * 0.2)}" cy="${f(y - ry * 0.58)}" r="${f(b * 0.05)}" fill="#ffffff" fill-opacity="0.5"/>` +
    // the little scar where the pedicel attaches
    (rng.chance(0.25)
      ? `<circle cx="${f(x + b * 0.05)}" cy="${f(y - ry * 0.8)}" r="${f(b * 0.08)}" fill="#4a3a20" fill-opacity="0.6"/>`
      : "")
  );
}

export type ClusterOpts = {
  kind: GrapeKind;
  berry: number;
  length: number;
  width: number;
  tilt?: number;
  hanging?: boolean;
};

/** A grape bunch; (x,y) is where the stem enters the top of the bunch. */
export function grapeCluster(doc: Doc, rng: Rng, x: number, y: number, o: ClusterOpts): string {
  const b = o.berry * GRAPE[o.kind].size;
  const tilt = o.tilt ?? 0;
  const c = Math.cos(tilt);
  const s = Math.sin(tilt);
  const L = Math.max(o.length, b * 4);
  // silhouette: broad shoulders, a wing on one side, tapering to a rounded tip
  const wingSide = rng.chance(0.5) ? 1 : -1;
  const wingAt = rng.range(0.18, 0.35);
  const wingAmt = rng.range(0, 0.25);
  const halfW = (t: number, side: number): number => {
    const shoulder =
      t < 0.14 ? 0.55 + (t / 0.14) * 0.45 : Math.pow(Math.max(0, 1 - (t - 0.14) / 0.86), 0.75);
    const wing = side === wingSide ? wingAmt * Math.exp(-(((t - wingAt) / 0.1) ** 2)) : 0;
    return (o.width / 2) * (shoulder + wing) + b * 0.3;
  };
  const pts: { x: number; y: number; z: number; r: number; shade: number }[] = [];
  const target = Math.round(((o.width * L * 0.55) / (Math.PI * b * b)) * 1.5);
  for (let tries = 0; tries < target * 30 && pts.length < target; tries++) {
    const t = rng.next();
    const side = rng.chance(0.5) ? 1 : -1;
    const hw = halfW(t, side);
    const lat = side * rng.next() * (hw - b * 0.6);
    const ly = b * 0.5 + t * (L - b);
    if (pts.some((p) => Math.hypot(p.x - lat, p.y - ly) < b * 1.25)) continue;
    const uu = Math.abs(lat) / Math.max(hw, 1);
    const front = 1 - uu * uu;
    pts.push({
      x: lat,
      y: ly,
      z: front + rng.range(-0.25, 0.25),
      r: b * rng.range(0.9, 1.06) * (0.9 + 0.14 * front),
      shade: clamp(1 - front + rng.range(-0.2, 0.2), 0, 1),
    });
  }
  pts.sort((p, q) => p.z - q.z);
  const place = (p: { x: number; y: number }): Pt => [x + p.x * c - p.y * s, y + p.x * s + p.y * c];
  const out: string[] = [];
  if (o.hanging === false)
    out.push(
      shadow(
        doc,
        x - s * L * 0.5 + b,
        y + c * L * 0.5 + b * 1.5,
        o.width * 0.6 + Math.abs(s) * L * 0.4,
        (Math.abs(c) * L + Math.abs(s) * o.width) * 0.55,
        0.6,
        0,
      ),
    );
  // rachis + pedicels, mostly hidden by the berries
  const stemC = "#7b6a35";
  let stems = "";
  const axis: Pt[] = [
    place({ x: 0, y: -b * 0.6 }),
    place({ x: 0, y: L * 0.35 }),
    place({ x: 0, y: L * 0.7 }),
  ];
  stems += smoothOpen(axis);
  for (const p of pts)
    if (rng.chance(0.35)) {
      const [ax, ay] = place({ x: 0, y: p.y * 0.8 });
      const [px, py] = place(p);
      stems += `M${f(ax)},${f(ay)}L${f(px)},${f(py)}`;
    }
  out.push(
    `<path d="${stems}" fill="none" stroke="${stemC}" stroke-width="${f(b * 0.14)}" stroke-linecap="round"/>`,
  );
  for (const p of pts) {
    const [px, py] = place(p);
    out.push(berry(doc, rng, px, py, p.r, o.kind, p.shade));
  }
  // woody peduncle above the bunch
  const top = place({ x: rng.range(-0.3, 0.3) * b, y: -b * 2.6 });
  const stem = smoothOpen([
    [top[0] + b * 0.8, top[1] - b * 1.2],
    top,
    place({ x: b * 0.1, y: -b * 0.8 }),
    place({ x: 0, y: b * 0.3 }),
  ]);
  out.push(
    `<path d="${stem}" fill="none" stroke="${darken(stemC, 0.35)}" stroke-width="${f(b * 0.34)}" stroke-linecap="round"/>`,
  );
  out.push(
    `<path d="${stem}" fill="none" stroke="${lighten(stemC, 0.2)}" stroke-width="${f(b * 0.13)}" stroke-linecap="round" transform="translate(${f(-b * 0.05)} ${f(-b * 0.06)})"/>`,
  );
  return out.join("");
}

/** Half a grape, cut face up, showing pale translucent flesh (and a seed for kyoho). */
export function grapeHalf(
  doc: Doc,
  rng: Rng,
  x: number,
  y: number,
  b: number,
  kind: GrapeKind,
): string {
  const p = rng.pick(GRAPE[kind].palettes);
  const k = 0.72;
  const bx = b * 1.12;
  const rot = rng.range(-0.3, 0.3);
  const out = [shadow(doc, x + b * 0.2, y + b * 0.55, bx * 1.25, b * 0.7, 0.55)];
  // skin dome below the face
  out.push(
    `<path d="M${f(x - bx)},${f(y)}C${f(x - bx)},${f(y + b * 1.45)} ${f(x + bx)},${f(y + b * 1.45)} ${f(x + bx)},${f(y)}Z" fill="${doc.radial(
      [
        [0, p[1]],
        [0.6, p[2]],
        [1, p[3]],
      ],
      { cx: 0.35, cy: 0.2, r: 0.9 },
    )}"/>`,
  );
  out.push(
    `<path d="M${f(x - bx * 0.75)},${f(y + b * 0.55)}Q${f(x - bx * 0.2)},${f(y + b * 1.0)} ${f(x + bx * 0.3)},${f(y + b * 0.95)}" fill="none" stroke="#ffffff" stroke-opacity="0.35" stroke-width="${f(b * 0.08)}" stroke-linecap="round"/>`,
  );
  out.push(`<path d="${ellipsePath(x, y, bx, b * k, rot * 0.2)}" fill="${p[2]}"/>`);
  const flesh =
    kind === "kyoho"
      ? ["#f2f6d2", "#d8e4a4", "#b4c27c", "#8c6a86"]
      : ["#f8f2cc", "#ece0a4", "#d8c088", "#c07a88"];
  out.push(
    `<path d="${ellipsePath(x, y, bx * 0.93, b * k * 0.92, rot * 0.2)}" fill="${doc.radial([
      [0, flesh[0] ?? "#fff"],
      [0.45, flesh[1] ?? "#fff"],
      [0.85, flesh[2] ?? "#fff"],
      [1, flesh[3] ?? "#fff"],
    ])}"/>`,
  );
  // faint radial vascular lines
  let veins = "";
  for (let i = 0; i < 10; i++) {
    const a = (i / 10) * TAU + rng.range(-0.1, 0.1);
    veins += `M${f(x + Math.cos(a) * bx * 0.15)},${f(y + Math.sin(a) * b * k * 0.15)}L${f(x + Math.cos(a) * bx * 0.75)},${f(y + Math.sin(a) * b * k * 0.75)}`;
  }
  out.push(
    `<path d="${veins}" stroke="#ffffff" stroke-opacity="0.3" stroke-width="${f(b * 0.03)}" stroke-linecap="round"/>`,
  );
  if (kind === "kyoho") {
    const sx = x + rng.range(-0.15, 0.15) * bx;
    out.push(
      `<path d="${ellipsePath(sx, y + b * k * 0.05, b * 0.12, b * 0.2 * k, 0.5 + rng.range(-0.3, 0.3))}" fill="${doc.radial(
        [
          [0, "#d8b070"],
          [1, "#8a5a2a"],
        ],
      )}"/>`,
    );
  }
  // wet gloss
  out.push(
    `<path d="${ellipsePath(x - bx * 0.3, y - b * k * 0.35, bx * 0.38, b * 0.1, -0.2)}" fill="#ffffff" fill-opacity="0.6"/>`,
  );
  out.push(
    `<circle cx="${f(x + bx * 0.35)}" cy="${f(y + b * k * 0.2)}" r="${f(b * 0.05)}" fill="#ffffff" fill-opacity="0.7"/>`,
  );
  return out.join("");
}

export const grapeLeafColor = "#4d7f2c";

/** Five-lobed, serrated vine leaf centred at (x,y). */
export function vineLeaf(doc: Doc, rng: Rng, x: number, y: number, r: number, rot: number): string {
  const pts: Pt[] = [];
  const lobes = 5;
  const N = 90;
  const lobeAmp = rng.range(0.28, 0.4);
  for (let i = 0; i <= N; i++) {
    const a = (i / N) * TAU;
    const lobe = Math.pow(Math.abs(Math.cos((a * lobes) / 2)), 0.6);
    const sinus = a < 0.4 || a > TAU - 0.4 ? 0.15 + (0.85 * Math.min(a, TAU - a)) / 0.4 : 1; // notch at the stem
    const teeth = 1 + 0.05 * Math.abs(Math.sin(a * 30));
    const rr = r * (1 - lobeAmp + lobeAmp * lobe) * sinus * teeth;
    pts.push([Math.sin(a) * rr, Math.cos(a) * rr]);
  }
  const c = jitter(grapeLeafColor, rng, 0.08);
  let veins = "";
  let minor = "";
  for (let i = 0; i < 5; i++) {
    const a = Math.PI + ((i - 2) / 5) * TAU * 0.82;
    const ex = Math.sin(a) * r * 0.85;
    const ey = Math.cos(a) * r * 0.85;
    veins += `M0,${f(r * 0.12)}Q${f(ex * 0.5 + rng.range(-5, 5))},${f(ey * 0.5 + r * 0.05)} ${f(ex)},${f(ey)}`;
    for (let j = 1; j <= 3; j++) {
      const t = j / 4;
      const bxp = ex * t;
      const byp = ey * t + r * 0.12 * (1 - t);
      for (const sd of [-1, 1])
        minor += `M${f(bxp)},${f(byp)}l${f(Math.sin(a + sd * 0.8) * r * 0.2 * (1 - t * 0.5))},${f(Math.cos(a + sd * 0.8) * r * 0.2 * (1 - t * 0.5))}`;
    }
  }
  const shape = `M${pts.map((p) => `${f(p[0])},${f(p[1])}`).join("L")}Z`;
  return (
    `<g transform="translate(${f(x)} ${f(y)}) rotate(${f((rot * 180) / Math.PI)})">` +
    `<path d="${shape}" fill="${doc.radial(
      [
        [0, lighten(c, 0.25)],
        [0.65, c],
        [1, darken(c, 0.3)],
      ],
      { cx: 0.45, cy: 0.55, r: 0.7 },
    )}" stroke="${darken(c, 0.35)}" stroke-width="${f(r * 0.012)}"/>` +
    `<path d="${shape}" fill="${noisePattern(doc, { size: 160, freq: 0.06, octaves: 3, seed: 3, matrix: alphaMatrix("#1e3a10", 1.6, 0.5) })}" fill-opacity="0.6"/>` +
    `<path d="${minor}" stroke="${mix(c, "#e8f0a0", 0.4)}" stroke-opacity="0.35" stroke-width="${f(r * 0.01)}" fill="none" stroke-linecap="round"/>` +
    `<path d="${veins}" stroke="${mix(c, "#e8f0a0", 0.5)}" stroke-opacity="0.75" stroke-width="${f(r * 0.024)}" fill="none" stroke-linecap="round"/>` +
    `<path d="${shape}" fill="${doc.linear(
      [
        [0, "#ffffff", 0.18],
        [0.5, "#ffffff", 0],
      ],
      { x1: 0, y1: 0, x2: 1, y2: 1 },
    )}"/>` +
    `</g>`
  );
}
