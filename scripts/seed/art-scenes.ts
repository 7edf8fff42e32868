// Scene compositions: each builds the SVG body for one (kind, scene) pair.
// Positions are fractions of the logical canvas (W×H); sizes scale with `u`.
import type { ArtKind } from "./art";
import { type Doc, f, type Pt, type Rng, TAU } from "./art-core";
import { citrus, citrusHalf, type CitrusKind, leaf } from "./art-fruit";
import { berry, grapeCluster, grapeHalf, type GrapeKind, vineLeaf } from "./art-grape";
import {
  dipper,
  honeyJar,
  honeycomb,
  honeyStream,
  type HoneyTone,
  type LidStyle,
} from "./art-honey";
import {
  type BowlStyle,
  grainFill,
  milletBag,
  milletBowl,
  milletHeap,
  milletPanicle,
  milletSpoon,
  scatterGrains,
} from "./art-millet";
import { potato, potatoHalf, type PotatoKind } from "./art-potato";
import { boxBack, boxFront, boxGeom, boxOpening, cuttingBoard } from "./art-props";
import {
  linen,
  type LinenTone,
  slate,
  softBackdrop,
  woodTable,
  type WoodTone,
} from "./art-surfaces";

export type Ctx = { doc: Doc; rng: Rng; W: number; H: number; u: number; kind: ArtKind };

export const citrusKind = (k: ArtKind): CitrusKind => (k === "mandarin" ? "mandarin" : "navel");
export const grapeKind = (k: ArtKind): GrapeKind => (k === "kyoho-grape" ? "kyoho" : "red");
export const potatoKind = (k: ArtKind): PotatoKind => (k === "purple-potato" ? "purple" : "yellow");

/** Dart-throwing placement inside an ellipse, sorted back (top) to front (bottom). */
export function scatter(
  rng: Rng,
  n: number,
  cx: number,
  cy: number,
  rx: number,
  ry: number,
  minDist: number,
): Pt[] {
  const pts: Pt[] = [];
  for (let tries = 0; tries < n * 60 && pts.length < n; tries++) {
    const a = rng.range(0, TAU);
    const d = Math.sqrt(rng.next());
    const p: Pt = [cx + Math.cos(a) * rx * d, cy + Math.sin(a) * ry * d];
    if (pts.every((q) => Math.hypot(q[0] - p[0], q[1] - p[1]) >= minDist)) pts.push(p);
  }
  return pts.sort((p, q) => p[1] - q[1]);
}

/** Full-frame top-down surface suited to the produce. */
export function flatSurface(c: Ctx, choices: readonly (WoodTone | LinenTone | "slate")[]): string {
  const r = { x: 0, y: 0, w: c.W, h: c.H };
  const pick = c.rng.pick(choices);
  if (pick === "slate") return slate(c.doc, c.rng, r);
  if (
    pick === "oat" ||
    pick === "white" ||
    pick === "sage" ||
    pick === "blush" ||
    pick === "indigo"
  )
    return linen(c.doc, c.rng, r, pick);
  return woodTable(c.doc, c.rng, r, pick, false);
}

/** Three-quarter camera: blurred wall above `horizon`, table below. */
export function tableScene(
  c: Ctx,
  horizon: number,
  surfaces: readonly (WoodTone | LinenTone)[],
  wall: readonly string[],
): string {
  const pick = c.rng.pick(surfaces);
  const r = { x: 0, y: horizon, w: c.W, h: c.H - horizon };
  const table =
    pick === "oat" || pick === "white" || pick === "sage" || pick === "blush" || pick === "indigo"
      ? linen(c.doc, c.rng, r, pick)
      : woodTable(c.doc, c.rng, r, pick, true);
  return softBackdrop(c.doc, c.rng, c.W, horizon, c.rng.pick(wall)) + table;
}

const WALLS_WARM = ["#d8c6a8", "#c9b8a0", "#e2d6c2", "#b9a58a"] as const;

// ---------------------------------------------------------------- per kind

function citrusPile(c: Ctx): string {
  const { doc, rng, W, H, u } = c;
  const kind = citrusKind(c.kind);
  const out = [
    flatSurface(
      c,
      kind === "navel"
        ? ["walnut", "dark", "oak", "white", "indigo", "slate"]
        : ["walnut", "dark", "weathered", "oat", "sage", "slate"],
    ),
  ];
  const r0 = (kind === "navel" ? 165 : 125) * u;
  for (let i = 0; i < rng.int(1, 3); i++)
    out.push(
      leaf(
        doc,
        rng,
        rng.range(0.1, 0.9) * W,
        rng.range(0.1, 0.9) * H,
        r0 * rng.range(1.2, 1.6),
        rng.range(0, TAU),
      ),
    );
  const n = Math.round(((W * H) / (Math.PI * r0 * r0)) * 0.5);
  const pts = scatter(rng, n, W * rng.range(0.45, 0.55), H * 0.52, W * 0.5, H * 0.5, r0 * 1.72);
  const halfAt =
    kind === "navel" && rng.chance(0.35) ? rng.int(Math.floor(pts.length / 2), pts.length - 1) : -1;
  pts.forEach((p, i) => {
    const r = r0 * rng.range(0.9, 1.08);
    if (i === halfAt) out.push(citrusHalf(doc, rng, p[0], p[1], r, kind, 0.92));
    else {
      const leaves = rng.chance(kind === "mandarin" ? 0.4 : 0.3) ? rng.int(1, 2) : 0;
      out.push(
        citrus(doc, rng, p[0], p[1], r, {
          kind,
          leaves,
          pole: leaves ? [rng.range(-0.3, 0.3), rng.range(-0.4, 0)] : undefined,
          leafAngle: rng.range(-Math.PI, 0),
        }),
      );
    }
  });
  return out.join("");
}

function grapePile(c: Ctx): string {
  const { doc, rng, W, H, u } = c;
  const kind = grapeKind(c.kind);
  const out = [
    flatSurface(
      c,
      kind === "red"
        ? ["white", "oat", "slate", "weathered", "sage"]
        : ["white", "oat", "blush", "oak", "weathered"],
    ),
  ];
  out.push(
    vineLeaf(
      doc,
      rng,
      W * rng.range(0.2, 0.4),
      H * rng.range(0.25, 0.4),
      260 * u,
      rng.range(-1, 1),
    ),
  );
  if (rng.chance(0.6))
    out.push(
      vineLeaf(
        doc,
        rng,
        W * rng.range(0.65, 0.85),
        H * rng.range(0.6, 0.8),
        220 * u,
        rng.range(2, 4),
      ),
    );
  const n = rng.int(2, 3);
  for (let i = 0; i < n; i++) {
    const x = W * ((i + 0.5) / n) + rng.range(-0.04, 0.04) * W;
    const tilt = rng.range(-0.4, 0.4);
    const width = Math.max(W * (n === 2 ? 0.36 : 0.29), 300 * u) * rng.range(0.9, 1);
    out.push(
      grapeCluster(doc, rng, x, H * rng.range(0.06, 0.14), {
        kind,
        berry: (kind === "red" ? 38 : 36) * u,
        length: Math.min(H * rng.range(0.66, 0.76), width * 1.6),
        width,
        tilt,
        hanging: false,
      }),
    );
  }
  // a few loose berries gathered in small groups
  const b = (kind === "red" ? 38 : 46) * u;
  for (let g = 0; g < 2; g++) {
    const gx = W * rng.range(0.1, 0.9);
    const gy = H * rng.range(0.84, 0.92);
    for (const p of scatter(rng, rng.int(1, 3), gx, gy, b * 2.2, b * 0.9, b * 1.9))
      out.push(shadowedBerry(c, p[0], p[1], b, kind));
  }
  return out.join("");
}

function shadowedBerry(c: Ctx, x: number, y: number, b: number, kind: GrapeKind): string {
  const fill = c.doc.radial([
    [0, "#1a0a05", 0.5],
    [1, "#1a0a05", 0],
  ]);
  return (
    `<ellipse cx="${f(x + b * 0.35)}" cy="${f(y + b * 0.7)}" rx="${f(b * 1.3)}" ry="${f(b * 0.55)}" fill="${fill}"/>` +
    berry(c.doc, c.rng, x, y, b, kind)
  );
}

function potatoPile(c: Ctx): string {
  const { doc, rng, W, H, u } = c;
  const kind = potatoKind(c.kind);
  const out = [
    flatSurface(
      c,
      kind === "yellow"
        ? ["weathered", "walnut", "dark", "oat", "slate"]
        : ["oak", "weathered", "oat", "white", "slate"],
    ),
  ];
  out.push(
    scatterGrains(rng, W / 2, H / 2, W * 0.55, H * 0.55, 140, 3.5 * u)
      .replace(/#eeb82a/g, "#6a4a2c")
      .replace(/#fff4c0/g, "#8a6a48"),
  );
  const s0 = 125 * u;
  const pts = scatter(
    rng,
    Math.round(((W * H) / (s0 * s0 * 2.4)) * 0.55),
    W * 0.5,
    H * 0.5,
    W * 0.5,
    H * 0.5,
    s0 * 1.45,
  );
  // the cut one sits near the front middle so it is always fully in frame
  let halfAt = -1;
  if (kind === "purple") {
    let best = Infinity;
    pts.forEach((p, i) => {
      const d = Math.hypot(p[0] - W * 0.55, p[1] - H * 0.62);
      if (d < best) [best, halfAt] = [d, i];
    });
  }
  pts.forEach((p, i) => {
    const s = s0 * rng.range(0.8, 1.15);
    if (i === halfAt) out.push(potatoHalf(doc, rng, p[0], p[1], s * 1.05, kind, 0.95));
    else out.push(potato(doc, rng, p[0], p[1], s, { kind, rot: rng.range(-1.2, 1.2) }));
  });
  return out.join("");
}

function milletPile(c: Ctx): string {
  const { doc, rng, W, H, u } = c;
  const horizon = H * rng.range(0.14, 0.2);
  const out = [tableScene(c, horizon, ["walnut", "dark", "oak", "oat", "weathered"], WALLS_WARM)];
  const flip = rng.chance(0.5);
  const X = (v: number) => (flip ? 1 - v : v) * W;
  if (rng.chance(0.5)) out.push(milletBag(doc, rng, X(0.8), H * 0.52, 330 * u, 330 * u, "burlap"));
  else out.push(lyingPanicle(c, X(0.72), H * 0.3, 520 * u, flip));
  out.push(
    milletBowl(
      doc,
      rng,
      X(0.42),
      H * 0.55,
      380 * u,
      rng.pick<BowlStyle>(["wood", "white", "celadon", "black"]),
    ),
  );
  out.push(milletHeap(doc, rng, X(0.8), H * 0.88, 230 * u));
  out.push(milletSpoon(doc, rng, X(0.16), H * 0.88, 110 * u, flip ? 0.35 : Math.PI - 0.35));
  return out.join("");
}

/** A cut millet head lying on the table (the hanging panicle turned on its side). */
function lyingPanicle(c: Ctx, x: number, y: number, len: number, flip: boolean): string {
  const deg = flip ? 80 : -80;
  return `<g transform="rotate(${deg} ${f(x)} ${f(y)})">${milletPanicle(c.doc, c.rng, x, y, len, flip ? 1 : -1, { neck: false })}</g>`;
}

function honeyPile(c: Ctx): string {
  const { doc, rng, W, H, u } = c;
  const horizon = H * rng.range(0.3, 0.36);
  const out = [
    tableScene(
      c,
      horizon,
      ["oak", "honey", "weathered", "white", "oat"],
      ["#e9dcc4", "#d9c6a3", "#c8d2c0", "#efe6d6"],
    ),
  ];
  const tone = rng.pick<HoneyTone>(["acacia", "amber", "dark"]);
  const lid = rng.pick<LidStyle>(["gold", "gingham", "wood"]);
  const flip = rng.chance(0.5);
  const X = (v: number) => (flip ? 1 - v : v) * W;
  out.push(
    honeyJar(doc, rng, X(0.72), H * 0.7, 280 * u, 380 * u, {
      tone: rng.pick<HoneyTone>(["acacia", "amber", "dark"]),
      lid,
      label: rng.chance(0.5),
    }),
  );
  out.push(
    honeyJar(doc, rng, X(0.4), H * 0.93, 440 * u, 600 * u, { tone, lid, label: rng.chance(0.7) }),
  );
  out.push(honeycomb(doc, rng, X(0.8), H * 0.86, 240 * u, 150 * u, 32 * u, tone));
  out.push(
    dipper(doc, rng, X(-0.02), H * 0.96, 470 * u, flip ? Math.PI + 0.2 : -0.2, tone, 0.8).svg,
  );
  return out.join("");
}

export function pile(c: Ctx): string {
  switch (c.kind) {
    case "navel-orange":
    case "mandarin":
      return citrusPile(c);
    case "red-grape":
    case "kyoho-grape":
      return grapePile(c);
    case "potato":
    case "purple-potato":
      return potatoPile(c);
    case "millet":
      return milletPile(c);
    case "honey":
      return honeyPile(c);
  }
}

// ---------------------------------------------------------------- gift box

const RIBBONS = {
  citrus: ["#2f7a3a", "#c0262d", "#1f4f8a"],
  grape: ["#d8b45a", "#f0ece0", "#3d6b3a"],
  potato: ["#9a7a4a", "#2f6a3a", "#b03030"],
  millet: ["#c0262d", "#1f4f8a", "#9a7a4a"],
  honey: ["#c0262d", "#d8a02a", "#2f6a3a"],
} as const;

export function giftBox(c: Ctx): string {
  const { doc, rng, W, H, u, kind } = c;
  const out = [
    tableScene(
      c,
      H * rng.range(0.28, 0.34),
      ["oak", "walnut", "weathered", "white", "oat"],
      WALLS_WARM,
    ),
  ];
  const b = boxGeom(rng, W, H);
  const [bl, br, , fl] = boxOpening(b) as [Pt, Pt, Pt, Pt];
  const bw = b.x1 - b.x0;
  const depth = fl[1] - bl[1];
  // (s,v) in the opening → canvas point; v=0 back edge, v=1 front edge
  const at = (s: number, v: number): Pt => [
    bl[0] + (br[0] - bl[0]) * s + (fl[0] - bl[0]) * v,
    bl[1] + (fl[1] - bl[1]) * v,
  ];
  out.push(boxBack(doc, rng, b));
  const rows = (
    n: number,
    size: number,
    lift: number,
    draw: (x: number, y: number, scale: number, j: number, i: number) => string,
  ) => {
    for (let j = 0; j < n; j++) {
      const v = n === 1 ? 0.6 : 0.1 + (j / (n - 1)) * 0.8;
      const scale = 0.88 + 0.12 * v;
      const count = Math.max(1, Math.round(bw / (size * scale * 1.95)) - (j % 2));
      const margin = (1 - (count * size * scale * 1.95) / bw) / 2;
      for (let i = 0; i < count; i++) {
        const sx = margin + ((i + 0.5 + (j % 2) * 0.5) * size * scale * 1.95) / bw;
        const [x, y] = at(sx + rng.range(-0.01, 0.01), v);
        out.push(draw(x, y - lift, scale, j, i));
      }
    }
  };
  let ribbons: readonly string[] = RIBBONS.honey;
  if (kind === "navel-orange" || kind === "mandarin") {
    const ck = citrusKind(kind);
    const r = (ck === "navel" ? 132 : 108) * u;
    rows(ck === "navel" ? 3 : 4, r, r * 0.3, (x, y, sc) =>
      citrus(doc, rng, x, y, r * sc * rng.range(0.95, 1.05), {
        kind: ck,
        shadowStrength: 0.75,
        leaves: rng.chance(0.3) ? 1 : 0,
        leafAngle: rng.range(-2.6, -0.5),
      }),
    );
    ribbons = RIBBONS.citrus;
  } else if (kind === "red-grape" || kind === "kyoho-grape") {
    const gk = grapeKind(kind);
    out.push(vineLeaf(doc, rng, ...at(0.22, 0.3), 220 * u, 2.6));
    out.push(vineLeaf(doc, rng, ...at(0.8, 0.25), 200 * u, -2.4));
    const n = 3;
    for (let i = 0; i < n; i++) {
      const [x, y] = at((i + 0.5) / n, 0.05);
      out.push(
        grapeCluster(doc, rng, x, y - 40 * u, {
          kind: gk,
          berry: 36 * u,
          length: depth * 1.5,
          width: (bw / n) * 0.95,
          tilt: rng.range(-0.15, 0.15),
          hanging: false,
        }),
      );
    }
    ribbons = RIBBONS.grape;
  } else if (kind === "potato" || kind === "purple-potato") {
    const pk = potatoKind(kind);
    const s = 118 * u;
    const halfRow = pk === "purple" ? 2 : -1;
    const halfCol = rng.int(0, 1);
    rows(3, s, s * 0.25, (x, y, sc, j, i) =>
      j === halfRow && i === halfCol
        ? potatoHalf(doc, rng, x, y, s * sc, pk, 0.75)
        : potato(doc, rng, x, y, s * sc, {
            kind: pk,
            rot: rng.range(-0.5, 0.5),
            soil: rng.range(0, 0.5),
          }),
    );
    ribbons = RIBBONS.potato;
  } else if (kind === "millet") {
    const n = 3;
    const lid = rng.pick<LidStyle>(["gold", "wood", "gingham"]);
    for (let i = 0; i < n; i++) {
      const [x, y] = at((i + 0.5) / n, 0.55);
      const jw = (bw / n) * 0.74;
      out.push(
        honeyJar(doc, rng, x, y + depth * 0.5, jw, Math.min(depth * 1.7, jw * 1.9), {
          tone: "acacia",
          lid,
          label: true,
          emblem: "grain",
          fill: 0.8,
          contents: (area, box) => grainFill(doc, rng, area, box, jw * 0.016),
        }),
      );
    }
    out.push(lyingPanicle(c, ...at(0.12, 0.95), 400 * u, false));
    ribbons = RIBBONS.millet;
  } else {
    const n = 3;
    const tone = rng.pick<HoneyTone>(["acacia", "amber", "dark"]);
    const lid = rng.pick<LidStyle>(["gold", "gingham", "wood"]);
    for (let i = 0; i < n; i++) {
      const [x, y] = at((i + 0.5) / n, 0.55);
      const jw = (bw / n) * 0.74;
      out.push(
        honeyJar(doc, rng, x, y + depth * 0.5, jw, Math.min(depth * 1.75, jw * 1.6), {
          tone: i === 1 ? rng.pick<HoneyTone>(["acacia", "amber", "dark"]) : tone,
          lid,
          label: true,
        }),
      );
    }
    ribbons = RIBBONS.honey;
  }
  out.push(boxFront(doc, rng, b, rng.pick(ribbons)));
  const spare = b.dx > 0 ? b.x0 - 20 * u : b.x1 + 20 * u;
  if (kind === "honey")
    out.push(
      dipper(
        doc,
        rng,
        spare + (b.dx > 0 ? 330 : -330) * u,
        H * 0.97,
        400 * u,
        b.dx > 0 ? Math.PI + 0.15 : -0.15,
        "amber",
        0.3,
      ).svg,
    );
  if (kind === "navel-orange" || kind === "mandarin")
    out.push(
      citrus(doc, rng, spare, b.bottom - 20 * u, 115 * u, {
        kind: citrusKind(kind),
        leaves: 2,
        leafAngle: -1.6,
      }),
    );
  return out.join("");
}

// ---------------------------------------------------------------- cut

export function cut(c: Ctx): string {
  const { doc, rng, W, H, u, kind } = c;
  const horizon = H * rng.range(0.16, 0.24);
  const out = [
    tableScene(c, horizon, ["oak", "walnut", "weathered", "dark", "white", "oat"], WALLS_WARM),
  ];
  const flip = rng.chance(0.5);
  const X = (v: number) => (flip ? 1 - v : v) * W;
  if (kind === "navel-orange" || kind === "mandarin") {
    const ck = citrusKind(kind);
    const r = (ck === "navel" ? 210 : 175) * u;
    out.push(
      citrus(doc, rng, X(0.2), H * 0.34, r * 0.82, { kind: ck, leaves: 2, leafAngle: -2.2 }),
    );
    out.push(citrus(doc, rng, X(0.47), H * 0.3, r * 0.78, { kind: ck }));
    out.push(
      citrus(doc, rng, X(0.8), H * 0.36, r * 0.84, {
        kind: ck,
        leaves: rng.int(0, 2),
        leafAngle: -1,
      }),
    );
    out.push(cuttingBoard(doc, rng, W * 0.52, H * 0.74, W * 0.42, H * 0.22, rng.chance(0.5)));
    out.push(citrusHalf(doc, rng, X(0.33), H * 0.66, r, ck, 0.62));
    out.push(citrusHalf(doc, rng, X(0.68), H * 0.78, r * 0.96, ck, 0.64));
  } else if (kind === "red-grape" || kind === "kyoho-grape") {
    const gk = grapeKind(kind);
    out.push(vineLeaf(doc, rng, X(0.2), H * 0.42, 260 * u, 2.8));
    out.push(
      grapeCluster(doc, rng, X(0.2), H * 0.12, {
        kind: gk,
        berry: 40 * u,
        length: H * 0.5,
        width: W * 0.3,
        tilt: flip ? 0.9 : -0.9,
        hanging: false,
      }),
    );
    out.push(cuttingBoard(doc, rng, X(0.6), H * 0.74, W * 0.34, H * 0.2, true));
    const b = (gk === "kyoho" ? 92 : 82) * u;
    const halves = scatter(rng, 4, X(0.6), H * 0.72, W * 0.24, H * 0.1, b * 2.3);
    for (const p of halves) out.push(grapeHalf(doc, rng, p[0], p[1], b, gk));
    for (let i = 0; i < 3; i++)
      out.push(shadowedBerry(c, X(0.1 + i * 0.1), H * rng.range(0.84, 0.92), b * 0.85, gk));
  } else if (kind === "potato" || kind === "purple-potato") {
    const pk = potatoKind(kind);
    out.push(potato(doc, rng, X(0.22), H * 0.36, 165 * u, { kind: pk }));
    out.push(potato(doc, rng, X(0.52), H * 0.32, 140 * u, { kind: pk }));
    out.push(potato(doc, rng, X(0.8), H * 0.38, 160 * u, { kind: pk }));
    out.push(cuttingBoard(doc, rng, W * 0.5, H * 0.74, W * 0.42, H * 0.21, rng.chance(0.4)));
    out.push(potatoHalf(doc, rng, X(0.34), H * 0.68, 220 * u, pk, 0.66));
    out.push(potatoHalf(doc, rng, X(0.68), H * 0.78, 205 * u, pk, 0.7));
  } else if (kind === "millet") {
    out.push(
      milletBowl(
        doc,
        rng,
        X(0.64),
        H * 0.44,
        340 * u,
        rng.pick<BowlStyle>(["white", "celadon", "wood", "black"]),
      ),
    );
    out.push(lyingPanicle(c, X(0.16), H * 0.3, 460 * u, flip));
    out.push(scatterGrains(rng, X(0.45), H * 0.84, W * 0.34, H * 0.09, 160, 7 * u));
    out.push(milletSpoon(doc, rng, X(0.38), H * 0.78, 175 * u, flip ? 0.3 : Math.PI - 0.3));
  } else {
    const tone = rng.pick<HoneyTone>(["acacia", "amber", "dark"]);
    out.push(honeycomb(doc, rng, X(0.8), H * 0.8, 240 * u, 150 * u, 32 * u, tone));
    const jx = X(0.44);
    const base = H * 0.94;
    const jw = 400 * u;
    const jh = 500 * u;
    out.push(
      honeyJar(doc, rng, jx, base, jw, jh, {
        tone,
        lid: "none",
        label: rng.chance(0.5),
        fill: 0.88,
      }),
    );
    const d = dipper(
      doc,
      rng,
      jx + (flip ? 420 : -420) * u,
      H * 0.1,
      600 * u,
      flip ? Math.PI - 0.5 : 0.5,
      tone,
      0,
    );
    out.push(
      honeyStream(doc, rng, d.tip[0], d.tip[1], d.tip[0] + 6 * u, base - jh * 0.88, 13 * u, tone),
    );
    out.push(d.svg);
  }
  return out.join("");
}
