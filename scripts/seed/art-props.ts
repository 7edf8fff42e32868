// Props shared by several scenes: the kraft gift box (drawn in two passes so
// produce can sit inside it), paper shred, ribbons, cutting boards, a knife
// and tree branches.
import {
  alphaMatrix,
  darken,
  type Doc,
  ellipsePath,
  f,
  jitter,
  lighten,
  noisePattern,
  type Rng,
  shadow,
  smoothOpen,
  type Pt,
} from "./art-core";

export type BoxGeom = {
  /** front face: x0..x1 × fy..bottom; the top opening recedes by (dx, dy) */
  x0: number;
  x1: number;
  fy: number;
  bottom: number;
  dx: number;
  dy: number;
  kraft: string;
};

export function boxGeom(rng: Rng, W: number, H: number): BoxGeom {
  const w = Math.min(W * 0.76, H * 1.14);
  const side = rng.chance(0.5) ? 1 : -1;
  const cx = W / 2 - side * w * 0.05;
  const bottom = H * 0.95;
  const fy = bottom - H * 0.19;
  return {
    x0: cx - w / 2,
    x1: cx + w / 2,
    fy,
    bottom,
    dx: side * w * 0.09,
    dy: -H * 0.32,
    kraft: rng.pick(["#c49464", "#b98a58", "#caa070"]),
  };
}

/** The top opening as [back-left, back-right, front-right, front-left]. */
export function boxOpening(b: BoxGeom): Pt[] {
  return [
    [b.x0 + b.dx, b.fy + b.dy],
    [b.x1 + b.dx, b.fy + b.dy],
    [b.x1, b.fy],
    [b.x0, b.fy],
  ];
}

const poly = (pts: readonly Pt[]): string =>
  `M${pts.map((p) => `${f(p[0])},${f(p[1])}`).join("L")}Z`;

/** Back half of the box: shadow, the dark interior, the far rims and a bed of shred. */
export function boxBack(doc: Doc, rng: Rng, b: BoxGeom): string {
  const out: string[] = [];
  const k = b.kraft;
  const w = b.x1 - b.x0;
  out.push(
    shadow(
      doc,
      (b.x0 + b.x1) / 2 + b.dx * 0.5 + w * 0.08,
      b.bottom + b.dy * 0.45,
      w * 0.66,
      -b.dy * 0.75,
      0.65,
    ),
  );
  const open = boxOpening(b);
  out.push(
    `<path d="${poly(open)}" fill="${doc.linear(
      [
        [0, darken(k, 0.25)],
        [1, darken(k, 0.6)],
      ],
      { x1: 0, y1: 0, x2: b.dx > 0 ? 0.2 : -0.2, y2: 1 },
    )}"/>`,
  );
  // inner back wall and the inner side wall that faces the camera
  const [bl, br, fr, fl] = open as [Pt, Pt, Pt, Pt];
  const hgt = b.bottom - b.fy;
  const innerSide =
    b.dx > 0
      ? poly([bl, fl, [fl[0], fl[1] + hgt * 0.2], [bl[0], bl[1] + hgt]])
      : poly([br, fr, [fr[0], fr[1] + hgt * 0.2], [br[0], br[1] + hgt]]);
  out.push(
    `<path d="${poly([bl, br, [br[0], br[1] + hgt * 0.9], [bl[0], bl[1] + hgt * 0.9]])}" fill="${darken(k, 0.12)}"/>`,
  );
  out.push(`<path d="${innerSide}" fill="${darken(k, 0.3)}"/>`);
  out.push(
    `<path d="M${f(bl[0])},${f(bl[1])}L${f(br[0])},${f(br[1])}M${f(b.dx > 0 ? bl[0] : br[0])},${f(bl[1])}L${f(b.dx > 0 ? fl[0] : fr[0])},${f(fl[1])}" stroke="${lighten(k, 0.3)}" stroke-width="9" stroke-linecap="round"/>`,
  );
  const inset: Pt[] = [
    [bl[0] + w * 0.02, bl[1] + hgt * 0.5],
    [br[0] - w * 0.02, br[1] + hgt * 0.5],
    [fr[0], fr[1] - 10],
    [fl[0], fl[1] - 10],
  ];
  out.push(shred(rng, inset, 240, k));
  return out.join("");
}

/** Front and side walls, stray shred over the rim and (optionally) a ribbon + bow. */
export function boxFront(doc: Doc, rng: Rng, b: BoxGeom, ribbon: string | null): string {
  const out: string[] = [];
  const k = b.kraft;
  const front = poly([
    [b.x0, b.fy],
    [b.x1, b.fy],
    [b.x1, b.bottom],
    [b.x0, b.bottom],
  ]);
  const sx = b.dx > 0 ? b.x1 : b.x0;
  const side = poly([
    [sx, b.fy],
    [sx + b.dx, b.fy + b.dy],
    [sx + b.dx, b.bottom + b.dy],
    [sx, b.bottom],
  ]);
  // strands hanging over the front edge
  const strands: Pt[] = [
    [b.x0 + 10, b.fy - 40],
    [b.x1 - 10, b.fy - 40],
    [b.x1, b.fy + 6],
    [b.x0, b.fy + 6],
  ];
  out.push(
    `<path d="${side}" fill="${doc.linear(
      [
        [0, darken(k, 0.28)],
        [1, darken(k, 0.42)],
      ],
      { x1: 0, y1: 0, x2: 1, y2: 0 },
    )}"/>`,
  );
  out.push(`<path d="${side}" fill="${corrugation(doc, k)}" fill-opacity="0.5"/>`);
  out.push(
    `<path d="${front}" fill="${doc.linear(
      [
        [0, darken(k, 0.08)],
        [0.35, lighten(k, 0.1)],
        [0.8, k],
        [1, darken(k, 0.15)],
      ],
      { x1: b.dx > 0 ? 0 : 1, y1: 0, x2: b.dx > 0 ? 1 : 0, y2: 0 },
    )}"/>`,
  );
  out.push(`<path d="${front}" fill="${corrugation(doc, k)}" fill-opacity="0.6"/>`);
  out.push(
    `<path d="${front}" fill="${doc.linear(
      [
        [0, "#fff8e8", 0.12],
        [0.3, "#000000", 0],
        [1, "#000000", 0.22],
      ],
      { x1: 0, y1: 0, x2: 0, y2: 1 },
    )}"/>`,
  );
  // cut edge of the corrugated board along the rims
  out.push(
    `<path d="M${f(b.x0)},${f(b.fy)}H${f(b.x1)}M${f(sx)},${f(b.fy)}L${f(sx + b.dx)},${f(b.fy + b.dy)}" stroke="${lighten(k, 0.35)}" stroke-width="11" stroke-linecap="round"/>`,
  );
  out.push(
    `<path d="M${f(b.x0)},${f(b.fy)}H${f(b.x1)}" stroke="${darken(k, 0.3)}" stroke-width="4" stroke-dasharray="5 4"/>`,
  );
  out.push(
    `<path d="M${f(sx)},${f(b.fy)}V${f(b.bottom)}" stroke="${lighten(k, 0.2)}" stroke-opacity="0.6" stroke-width="3"/>`,
  );
  out.push(shred(rng, strands, 30, k));
  if (ribbon) {
    const rx = b.x0 + (b.x1 - b.x0) * (b.dx > 0 ? rng.range(0.22, 0.3) : rng.range(0.7, 0.78));
    const rw = (b.x1 - b.x0) * 0.045;
    out.push(
      `<rect x="${f(rx - rw / 2)}" y="${f(b.fy - 4)}" width="${f(rw)}" height="${f(b.bottom - b.fy + 4)}" fill="${doc.linear(
        [
          [0, darken(ribbon, 0.25)],
          [0.4, lighten(ribbon, 0.25)],
          [1, darken(ribbon, 0.3)],
        ],
        { x1: 0, y1: 0, x2: 1, y2: 0 },
      )}"/>`,
    );
    out.push(bow(doc, rx, b.fy + rw * 0.4, rw * 1.15, ribbon));
  }
  return out.join("");
}

function corrugation(doc: Doc, k: string): string {
  return noisePattern(doc, {
    size: 200,
    freq: "0.25 0.004",
    octaves: 1,
    seed: 2,
    matrix: alphaMatrix(darken(k, 0.4), 2.2, 0.45),
  });
}

/** Crinkled paper shred strands inside a quad region. */
export function shred(rng: Rng, quad: readonly Pt[], n: number, kraft: string): string {
  const [a, b, c, d] = quad as [Pt, Pt, Pt, Pt];
  const at = (u: number, v: number): Pt => {
    const top: Pt = [a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u];
    const bot: Pt = [d[0] + (c[0] - d[0]) * u, d[1] + (c[1] - d[1]) * u];
    return [top[0] + (bot[0] - top[0]) * v, top[1] + (bot[1] - top[1]) * v];
  };
  const tones = [lighten(kraft, 0.2), darken(kraft, 0.08), "#ead8b4", lighten(kraft, 0.32)];
  const paths = tones.map(() => "");
  for (let i = 0; i < n; i++) {
    const [x, y] = at(rng.next(), rng.next());
    const len = rng.range(40, 110);
    const ang = rng.range(0, Math.PI);
    const pts: Pt[] = [];
    for (let s = 0; s <= 5; s++) {
      const t = s / 5 - 0.5;
      pts.push([
        x + Math.cos(ang) * len * t + (s % 2 ? 1 : -1) * rng.range(2, 6),
        y + Math.sin(ang) * len * t * 0.5 + (s % 2 ? -1 : 1) * rng.range(2, 5),
      ]);
    }
    const idx = i % tones.length;
    paths[idx] += smoothOpen(pts);
  }
  return paths
    .map(
      (p, i) =>
        `<path d="${p}" fill="none" stroke="${darken(tones[i] ?? kraft, 0.35)}" stroke-width="7" stroke-linecap="round"/><path d="${p}" fill="none" stroke="${tones[i] ?? kraft}" stroke-width="4.5" stroke-linecap="round"/>`,
    )
    .join("");
}

/** A satin bow centred at (x,y). */
export function bow(doc: Doc, x: number, y: number, s: number, color: string): string {
  const satin = doc.linear(
    [
      [0, lighten(color, 0.35)],
      [0.5, color],
      [1, darken(color, 0.3)],
    ],
    { x1: 0, y1: 0, x2: 0.4, y2: 1 },
  );
  const loop = (dir: number, k: number, ox = 0) =>
    `M${f(x + dir * ox)},${f(y)}C${f(x + dir * s * 0.5 * k)},${f(y - s * 1.5 * k)} ${f(x + dir * s * 2.3 * k)},${f(y - s * 1.4 * k)} ${f(x + dir * s * 2.05 * k)},${f(y - s * 0.15 * k)}` +
    `C${f(x + dir * s * 1.9 * k)},${f(y + s * 0.55 * k)} ${f(x + dir * s * 0.8 * k)},${f(y + s * 0.4 * k)} ${f(x + dir * ox)},${f(y)}Z`;
  const tail = (dir: number) =>
    `M${f(x - dir * s * 0.15)},${f(y)}L${f(x + dir * s * 0.85)},${f(y + s * 2.3)}L${f(x + dir * s * 0.55)},${f(y + s * 2.05)}L${f(x + dir * s * 0.3)},${f(y + s * 2.4)}L${f(x + dir * s * 0.25)},${f(y + s * 0.2)}Z`;
  return (
    shadow(doc, x + s * 0.3, y + s * 0.7, s * 2.4, s * 1.3, 0.35) +
    `<path d="${tail(-1)}${tail(1)}" fill="${doc.linear(
      [
        [0, color],
        [1, darken(color, 0.35)],
      ],
      { x1: 0, y1: 0, x2: 0, y2: 1 },
    )}"/>` +
    `<path d="${loop(-1, 1)}${loop(1, 1)}" fill="${satin}"/>` +
    // the inside of each loop, in shadow
    `<path d="${loop(-1, 0.55, s * 0.35)}${loop(1, 0.55, s * 0.35)}" fill="${darken(color, 0.4)}" fill-opacity="0.75"/>` +
    `<path d="M${f(x - s * 1.8)},${f(y - s * 0.6)}Q${f(x - s * 1.2)},${f(y - s * 1.15)} ${f(x - s * 0.5)},${f(y - s * 0.55)}M${f(x + s * 0.7)},${f(y - s * 0.7)}Q${f(x + s * 1.3)},${f(y - s * 1.2)} ${f(x + s * 1.95)},${f(y - s * 0.5)}" fill="none" stroke="#ffffff" stroke-opacity="0.5" stroke-width="${f(s * 0.1)}" stroke-linecap="round"/>` +
    `<rect x="${f(x - s * 0.38)}" y="${f(y - s * 0.45)}" width="${f(s * 0.76)}" height="${f(s * 0.9)}" rx="${f(s * 0.25)}" fill="${satin}" stroke="${darken(color, 0.35)}" stroke-width="${f(s * 0.05)}"/>`
  );
}

/** A round or rectangular wooden cutting board in perspective, centred at (x,y). */
export function cuttingBoard(
  doc: Doc,
  rng: Rng,
  x: number,
  y: number,
  rx: number,
  ry: number,
  round: boolean,
): string {
  const base = rng.pick(["#b97f48", "#a86f3e", "#c48e58", "#8e5a32"]);
  const wood = jitter(base, rng, 0.05);
  const thick = ry * 0.14;
  const out = [shadow(doc, x + rx * 0.05, y + ry * 0.35, rx * 1.1, ry * 1.1, 0.6)];
  const inset = rx * 0.07;
  const rr = ry * 0.25;
  const rectPath = (dy: number): string =>
    `M${f(x - rx + inset + rr)},${f(y - ry + dy)}L${f(x + rx - inset - rr)},${f(y - ry + dy)}Q${f(x + rx - inset)},${f(y - ry + dy)} ${f(x + rx - inset * 0.8)},${f(y - ry + rr + dy)}` +
    `L${f(x + rx)},${f(y + ry - rr + dy)}Q${f(x + rx + inset * 0.05)},${f(y + ry + dy)} ${f(x + rx - rr)},${f(y + ry + dy)}L${f(x - rx + rr)},${f(y + ry + dy)}` +
    `Q${f(x - rx - inset * 0.05)},${f(y + ry + dy)} ${f(x - rx)},${f(y + ry - rr + dy)}L${f(x - rx + inset * 0.8)},${f(y - ry + rr + dy)}Q${f(x - rx + inset)},${f(y - ry + dy)} ${f(x - rx + inset + rr)},${f(y - ry + dy)}Z`;
  const top = round ? ellipsePath(x, y, rx, ry) : rectPath(0);
  const edge = round ? ellipsePath(x, y + thick, rx, ry) : rectPath(thick);
  out.push(
    `<path d="${edge}" fill="${doc.linear(
      [
        [0, darken(wood, 0.45)],
        [0.3, darken(wood, 0.2)],
        [1, darken(wood, 0.5)],
      ],
      { x1: 0, y1: 0, x2: 1, y2: 0 },
    )}"/>`,
  );
  out.push(
    `<path d="${top}" fill="${doc.radial(
      [
        [0, lighten(wood, 0.15)],
        [0.7, wood],
        [1, darken(wood, 0.15)],
      ],
      { cx: 0.4, cy: 0.35, r: 0.8 },
    )}"/>`,
  );
  const grainTex = noisePattern(doc, {
    size: 240,
    freq: "0.004 0.09",
    octaves: 3,
    seed: 2,
    matrix: alphaMatrix(darken(base, 0.5), 2, 0.4),
  }); // keyed on the base tone so the tile cache stays small
  out.push(`<path d="${top}" fill="${grainTex}" fill-opacity="0.7"/>`);
  let grain = "";
  for (let i = 0; i < 12; i++) {
    const yy = y + rng.range(-0.9, 0.9) * ry;
    const half = round ? rx * Math.sqrt(Math.max(0, 1 - ((yy - y) / ry) ** 2)) : rx - inset;
    grain += smoothOpen([
      [x - half * 0.92, yy],
      [x - half * 0.3, yy + rng.range(-5, 5)],
      [x + half * 0.4, yy + rng.range(-5, 5)],
      [x + half * 0.92, yy + rng.range(-4, 4)],
    ]);
  }
  out.push(
    `<path d="${grain}" fill="none" stroke="${darken(wood, 0.4)}" stroke-opacity="0.25" stroke-width="1.8"/>`,
  );
  out.push(
    `<path d="${top}" fill="none" stroke="${lighten(wood, 0.35)}" stroke-opacity="0.5" stroke-width="3"/>`,
  );
  if (!round)
    out.push(
      `<ellipse cx="${f(x + rx * 0.8)}" cy="${f(y - ry * 0.55)}" rx="${f(rx * 0.04)}" ry="${f(ry * 0.09)}" fill="${darken(wood, 0.55)}"/>`,
    );
  return out.join("");
}

/** A kitchen knife lying at `angle` with the blade tip at (x,y). */
export function knife(doc: Doc, x: number, y: number, len: number, angle: number): string {
  const deg = (angle * 180) / Math.PI;
  const bw = len * 0.1;
  return (
    `<g transform="translate(${f(x)} ${f(y)}) rotate(${f(deg)})">` +
    shadow(doc, len * 0.5, bw * 0.9, len * 0.55, bw * 0.6, 0.45) +
    `<path d="M0,0Q${f(len * 0.2)},${f(-bw * 0.9)} ${f(len * 0.58)},${f(-bw)}L${f(len * 0.58)},${f(bw * 0.15)}L${f(len * 0.05)},${f(bw * 0.1)}Z" fill="${doc.linear(
      [
        [0, "#f4f6f8"],
        [0.45, "#b8bec4"],
        [0.55, "#d8dde2"],
        [1, "#7c848c"],
      ],
      { x1: 0, y1: 0, x2: 0, y2: 1 },
    )}"/>` +
    `<path d="M${f(len * 0.56)},${f(-bw * 0.55)}L${f(len)},${f(-bw * 0.5)}Q${f(len * 1.03)},${f(-bw * 0.2)} ${f(len)},${f(bw * 0.1)}L${f(len * 0.56)},${f(bw * 0.15)}Z" fill="${doc.linear(
      [
        [0, "#6a4226"],
        [0.4, "#8e5c36"],
        [1, "#3e2414"],
      ],
      { x1: 0, y1: 0, x2: 0, y2: 1 },
    )}"/>` +
    `<circle cx="${f(len * 0.68)}" cy="${f(-bw * 0.18)}" r="${f(bw * 0.07)}" fill="#d8d8d0"/><circle cx="${f(len * 0.86)}" cy="${f(-bw * 0.18)}" r="${f(bw * 0.07)}" fill="#d8d8d0"/>` +
    `</g>`
  );
}

/** A tapering woody branch along the given points. */
export function branch(_doc: Doc, pts: readonly Pt[], width: number, color = "#5b4330"): string {
  const d = smoothOpen(pts);
  let out = "";
  const steps = 5;
  for (let i = 0; i < steps; i++) {
    const part = pts.slice(0, Math.max(2, Math.ceil(pts.length * (1 - i / steps))));
    const wdt = width * (0.3 + (0.7 * i) / (steps - 1));
    out += `<path d="${smoothOpen(part)}" fill="none" stroke="${color}" stroke-width="${f(wdt)}" stroke-linecap="round"/>`;
  }
  return (
    out +
    `<path d="${d}" fill="none" stroke="${lighten(color, 0.3)}" stroke-opacity="0.5" stroke-width="${f(width * 0.25)}" stroke-linecap="round" transform="translate(${f(-width * 0.15)} ${f(-width * 0.2)})"/>`
  );
}
