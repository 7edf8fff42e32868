// "Orchard" scenes: the produce where it grows — citrus on the branch, grapes
// on the vine, potatoes freshly dug from the field, millet heads in the field
// and honey among flowers and bees.
import { darken, type Doc, f, glow, jitter, type Pt, type Rng, smoothOpen, TAU } from "./art-core";
import { citrus, leaf } from "./art-fruit";
import { grapeCluster, vineLeaf } from "./art-grape";
import {
  bee,
  dipper,
  flowerClump,
  flowerMeadow,
  honeyJar,
  honeycomb,
  type HoneyTone,
  stump,
} from "./art-honey";
import { milletPlant } from "./art-millet";
import { potato, potatoHalf, potatoPlant } from "./art-potato";
import { branch } from "./art-props";
import { citrusKind, type Ctx, grapeKind, potatoKind } from "./art-scenes";
import { foliageBokeh, sky, soilField } from "./art-surfaces";

function distantHills(doc: Doc, rng: Rng, W: number, horizon: number, color: string): string {
  let d = `M0,${f(horizon)}`;
  const pts: Pt[] = [];
  for (let i = 0; i <= 8; i++) pts.push([(i / 8) * W, horizon - rng.range(0.02, 0.09) * W]);
  d = smoothOpen(pts) + `L${f(W)},${f(horizon + 2)}L0,${f(horizon + 2)}Z`;
  const fill = doc.linear(
    [
      [0, color],
      [1, darken(color, 0.15)],
    ],
    { x1: 0, y1: 0, x2: 0, y2: 1 },
  );
  return `<path d="${d}" fill="${fill}"/>`;
}

function citrusOrchard(c: Ctx): string {
  const { doc, rng, W, H, u } = c;
  const kind = citrusKind(c.kind);
  const out = [sky(doc, rng, W, H, "blue")];
  out.push(
    foliageBokeh(doc, rng, W, -H * 0.1, H * 1.1, 22, ["#2d5a24", "#3f7030", "#5b8a38", "#24481d"]),
  );
  for (let i = 0; i < 5; i++)
    out.push(
      glow(
        doc,
        rng.range(0, W),
        rng.range(0.1, 0.9) * H,
        rng.range(30, 70) * u,
        kind === "navel" ? "#f3a03a" : "#ee7a20",
        0.55,
        0.4,
      ),
    );
  const fromLeft = rng.chance(0.5);
  if (H > W * 0.95) {
    // portrait/square: a second, lower branch fills the frame
    out.push(citrusBranch(c, H * 0.05, fromLeft, 0.75));
    out.push(citrusBranch(c, H * 0.48, !fromLeft, 1));
  } else out.push(citrusBranch(c, H * 0.1, fromLeft, 1));
  return out.join("");
}

/** A leafy citrus branch entering from one side around height `y0`, with fruit hanging from it. */
function citrusBranch(c: Ctx, y0: number, fromLeft: boolean, scale: number): string {
  const { doc, rng, W, H } = c;
  const u = c.u * scale;
  const kind = citrusKind(c.kind);
  const out: string[] = [];
  const X = (v: number) => (fromLeft ? v : 1 - v) * W;
  const pts: Pt[] = [
    [X(-0.05), y0 + H * rng.range(0, 0.15)],
    [X(0.3), y0 + H * rng.range(0.02, 0.12)],
    [X(0.65), y0 + H * rng.range(0.08, 0.18)],
    [X(1.05), y0 + H * rng.range(0, 0.2)],
  ];
  const along = (t: number): Pt => {
    const i = Math.min(pts.length - 2, Math.floor(t * (pts.length - 1)));
    const k = t * (pts.length - 1) - i;
    const a = pts[i] ?? [0, 0];
    const b = pts[i + 1] ?? a;
    return [a[0] + (b[0] - a[0]) * k, a[1] + (b[1] - a[1]) * k];
  };
  const leafC = kind === "navel" ? "#2f6a2a" : "#2a6226";
  // leaves behind
  for (let i = 0; i < 26; i++) {
    const [bx, by] = along(rng.next());
    out.push(
      leaf(doc, rng, bx, by, rng.range(150, 240) * u, rng.range(-Math.PI, Math.PI), {
        color: jitter(leafC, rng, 0.15),
        width: 0.42,
      }),
    );
  }
  out.push(branch(doc, fromLeft ? pts : [...pts].reverse(), 40 * u));
  // fruit hanging from the branch
  const r0 = (kind === "navel" ? 150 : 118) * u;
  const n = kind === "navel" ? rng.int(3, 4) : rng.int(4, 6);
  const fruits: { x: number; y: number; r: number; sx: number; sy: number }[] = [];
  for (let i = 0; i < n; i++) {
    const t = (i + 0.5) / n + rng.range(-0.05, 0.05);
    const [sx, sy] = along(t);
    const r = r0 * rng.range(0.9, 1.1);
    fruits.push({ x: sx + rng.range(-0.4, 0.4) * r, y: sy + r * rng.range(1.2, 2.4), r, sx, sy });
  }
  fruits.sort((p, q) => p.r - q.r);
  for (const fr of fruits) {
    out.push(
      `<path d="M${f(fr.sx)},${f(fr.sy)}Q${f(fr.sx)},${f((fr.sy + fr.y - fr.r) / 2)} ${f(fr.x)},${f(fr.y - fr.r * 0.85)}" fill="none" stroke="#4a5a22" stroke-width="${f(7 * u)}" stroke-linecap="round"/>`,
    );
    out.push(citrus(doc, rng, fr.x, fr.y, fr.r, { kind, grounded: false, pole: [0, -0.88] }));
  }
  // a few leaves in front
  for (let i = 0; i < 7; i++) {
    const [bx, by] = along(rng.next());
    out.push(
      leaf(doc, rng, bx, by, rng.range(150, 220) * u, rng.range(0.2, Math.PI - 0.2), {
        color: jitter(leafC, rng, 0.15),
        width: 0.42,
      }),
    );
  }
  return out.join("");
}

function tendril(x: number, y: number, s: number, rng: Rng): string {
  const pts: Pt[] = [];
  let a = rng.range(0, TAU);
  let r = s;
  for (let i = 0; i < 26; i++) {
    pts.push([x + Math.cos(a) * r + i * s * 0.05, y + Math.sin(a) * r + i * s * 0.12]);
    a += 0.55;
    r *= 0.93;
  }
  return `<path d="${smoothOpen(pts)}" fill="none" stroke="#8a9a3a" stroke-width="${f(s * 0.08)}" stroke-linecap="round"/>`;
}

function grapeOrchard(c: Ctx): string {
  const { doc, rng, W, H, u } = c;
  const kind = grapeKind(c.kind);
  const out = [sky(doc, rng, W, H, "golden")];
  out.push(
    foliageBokeh(doc, rng, W, -H * 0.1, H * 1.1, 18, ["#5a7a2a", "#7a9a3a", "#3e5e22", "#a8a848"]),
  );
  const caneY = H * rng.range(0.08, 0.14);
  const cane: Pt[] = [
    [-50, caneY + rng.range(-20, 20)],
    [W * 0.35, caneY + rng.range(-30, 30)],
    [W * 0.7, caneY + rng.range(-30, 30)],
    [W + 50, caneY + rng.range(-20, 20)],
  ];
  for (let i = 0; i < 5; i++)
    out.push(
      vineLeaf(
        doc,
        rng,
        rng.range(0, W),
        caneY + rng.range(-0.05, 0.2) * H,
        rng.range(190, 270) * u,
        rng.range(-0.6, 0.6) + Math.PI,
      ),
    );
  out.push(branch(doc, cane, 30 * u, "#6a4a2e"));
  const n = W > H * 1.5 ? 3 : 2;
  for (let i = 0; i < n; i++) {
    const x = W * ((i + 0.5) / n) + rng.range(-0.06, 0.06) * W;
    out.push(
      `<path d="M${f(x - 20)},${f(caneY)}Q${f(x + 10)},${f(caneY + 40 * u)} ${f(x)},${f(caneY + 90 * u)}" fill="none" stroke="#7b6a35" stroke-width="${f(10 * u)}" stroke-linecap="round"/>`,
    );
    const width = W * (0.7 / n) * rng.range(0.8, 0.95);
    out.push(
      grapeCluster(doc, rng, x, caneY + 90 * u, {
        kind,
        berry: (kind === "red" ? 34 : 32) * u,
        length: Math.min(H * rng.range(0.6, 0.7), width * 1.6),
        width,
        tilt: rng.range(-0.12, 0.12),
      }),
    );
  }
  for (let i = 0; i < 2; i++) out.push(tendril(rng.range(0.1, 0.9) * W, caneY + 30, 40 * u, rng));
  out.push(
    vineLeaf(
      doc,
      rng,
      rng.chance(0.5) ? W * 0.04 : W * 0.96,
      H * rng.range(0.15, 0.35),
      240 * u,
      rng.range(-0.8, 0.8) + Math.PI,
    ),
  );
  return out.join("");
}

function potatoField(c: Ctx): string {
  const { doc, rng, W, H, u } = c;
  const kind = potatoKind(c.kind);
  const horizon = H * rng.range(0.26, 0.33);
  const out = [sky(doc, rng, W, horizon + 10, "blue")];
  out.push(distantHills(doc, rng, W, horizon, "#6f8f5a"));
  out.push(foliageBokeh(doc, rng, W, horizon - 40, horizon, 10, ["#3f6a2e", "#58804a"]));
  out.push(soilField(doc, rng, W, H, horizon));
  // rows of plants receding
  for (let row = 0; row < 4; row++) {
    const t = (row + 1) / 6;
    const y = horizon + (H - horizon) * t * t * 1.3;
    const size = (40 + 260 * t * t) * u;
    const count = Math.ceil(W / (size * 2.2)) + 1;
    for (let i = 0; i < count; i++)
      out.push(
        potatoPlant(
          doc,
          rng,
          (i + rng.range(0, 0.6)) * size * 2.2 - size,
          y,
          size,
          rng.chance(0.4),
        ),
      );
  }
  // freshly dug potatoes in front
  const s0 = 110 * u;
  const pts: Pt[] = [];
  for (let i = 0; i < rng.int(5, 7); i++)
    pts.push([W * rng.range(0.15, 0.85), H * rng.range(0.7, 0.92)]);
  pts.sort((a, b) => a[1] - b[1]);
  const halfAt = kind === "purple" ? pts.length - 1 : -1;
  pts.forEach((p, i) => {
    out.push(
      i === halfAt
        ? potatoHalf(doc, rng, p[0], p[1], s0 * 1.1, kind, 0.8)
        : potato(doc, rng, p[0], p[1], s0 * rng.range(0.8, 1.15), {
            kind,
            soil: rng.range(0.5, 1),
          }),
    );
  });
  return out.join("");
}

function milletField(c: Ctx): string {
  const { doc, rng, W, H, u } = c;
  const horizon = H * rng.range(0.3, 0.38);
  const out = [sky(doc, rng, W, horizon + 20, "golden")];
  out.push(distantHills(doc, rng, W, horizon, "#a3a47e"));
  out.push(
    `<rect x="0" y="${f(horizon)}" width="${f(W)}" height="${f(H - horizon)}" fill="${doc.linear(
      [
        [0, "#c9b25a"],
        [0.4, "#a08a34"],
        [1, "#5a5a22"],
      ],
      { x1: 0, y1: 0, x2: 0, y2: 1 },
    )}"/>`,
  );
  // receding rows of plants, hazier and smaller towards the horizon
  for (let row = 0; row < 6; row++) {
    const t = (row + 1) / 6;
    const y = horizon + (H - horizon) * (0.04 + t * 0.98);
    const h = (70 + H * 0.5 * t * t) * u;
    const count = Math.ceil(W / (h * 0.3));
    for (let i = 0; i < count; i++)
      out.push(
        milletPlant(
          doc,
          rng,
          rng.range(-0.05, 1.05) * W,
          y + rng.range(-12, 12) * t,
          h * rng.range(0.85, 1.1),
          0.25 + t * 0.5,
        ),
      );
    if (row === 2) {
      // atmospheric haze over the far rows
      out.push(
        `<rect x="0" y="${f(horizon - 120)}" width="${f(W)}" height="${f(y - horizon + 160)}" fill="${doc.linear(
          [
            [0, "#f5dca0", 0],
            [0.3, "#f5dca0", 0.4],
            [1, "#f5dca0", 0],
          ],
          { x1: 0, y1: 0, x2: 0, y2: 1 },
        )}"/>`,
      );
    }
  }
  // hero plants in the foreground
  const n = rng.int(2, 3);
  for (let i = 0; i < n; i++) {
    const x = W * ((i + 0.4) / n) + rng.range(-0.05, 0.05) * W;
    out.push(milletPlant(doc, rng, x, H * 1.05, H * rng.range(0.92, 1.02), 1.4));
  }
  return out.join("");
}

function honeyMeadow(c: Ctx): string {
  const { doc, rng, W, H, u } = c;
  const horizon = H * rng.range(0.36, 0.44);
  const tone = rng.pick<HoneyTone>(["acacia", "amber", "dark"]);
  const out = [sky(doc, rng, W, horizon + 10, "blue")];
  out.push(distantHills(doc, rng, W, horizon, "#7f9a6a"));
  out.push(flowerMeadow(doc, rng, W, H, horizon));
  const flip = rng.chance(0.5);
  const X = (v: number) => (flip ? 1 - v : v) * W;
  const sy = H * 0.74;
  out.push(stump(doc, rng, X(0.5), sy, 330 * u, 0.28, 0.8));
  out.push(honeycomb(doc, rng, X(0.64), sy + 10 * u, 130 * u, 90 * u, 18 * u, tone));
  out.push(
    honeyJar(doc, rng, X(0.45), sy + 30 * u, 270 * u, 370 * u, {
      tone,
      lid: rng.pick(["gold", "gingham", "wood"]),
      label: rng.chance(0.6),
    }),
  );
  out.push(
    dipper(doc, rng, X(0.72), sy + 60 * u, 320 * u, flip ? -0.2 : Math.PI + 0.2, tone, 0.5).svg,
  );
  for (let i = 0; i < 6; i++)
    out.push(
      flowerClump(
        doc,
        rng,
        rng.range(0, W),
        H * rng.range(0.84, 1),
        rng.range(26, 40) * u,
        rng.pick(["#f4d23a", "#ffffff", "#c9a0e0", "#f4d23a"]),
      ),
    );
  for (let i = 0; i < rng.int(4, 7); i++)
    out.push(
      bee(
        doc,
        rng,
        rng.range(0.1, 0.9) * W,
        rng.range(0.15, 0.6) * H,
        rng.range(14, 22) * u,
        rng.range(-0.5, 0.5),
      ),
    );
  return out.join("");
}

export function orchard(c: Ctx): string {
  switch (c.kind) {
    case "navel-orange":
    case "mandarin":
      return citrusOrchard(c);
    case "red-grape":
    case "kyoho-grape":
      return grapeOrchard(c);
    case "potato":
    case "purple-potato":
      return potatoField(c);
    case "millet":
      return milletField(c);
    case "honey":
      return honeyMeadow(c);
  }
}
