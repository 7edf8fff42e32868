// Procedural product photography for the demo catalogue.
//
// Every image is an SVG built from gradients, soft gradient shadows and a few
// pre-rasterised noise textures, rendered by sharp/librsvg to JPEG. No
// downloads, fonts or external assets. The same (kind, scene, seed, size)
// always yields byte-identical output, because media is stored
// content-addressed.
//
// Layout: art-core (PRNG, colour, SVG doc, geometry) · art-surfaces (tables,
// linen, sky, soil) · art-fruit / art-potato / art-millet / art-honey (the
// produce) · art-props (gift box, boards, knife, branches) · art-scenes and
// art-orchard (the compositions).
import sharp from "sharp";
import { clamp, Doc, makeRng } from "./art-core";
import { orchard } from "./art-orchard";
import { type Ctx, cut, giftBox, pile } from "./art-scenes";
import { finishLight } from "./art-surfaces";

export type ArtKind =
  | "navel-orange" // big bright orange citrus with navel, some with green leaves
  | "mandarin" // smaller flatter deeper-orange ponkan mandarins, some with leaves/stems
  | "red-grape" // clusters of red/crimson grapes with stem, bloom highlights
  | "kyoho-grape" // clusters of large dark purple-black grapes
  | "potato" // yellow-brown potatoes, irregular ovals, eyes/spots, a bit of soil
  | "purple-potato" // purple-skinned potatoes, one cut open showing purple flesh
  | "millet" // a bowl/sack of small golden millet grains (Shanxi millet)
  | "honey"; // a glass jar of amber honey with a wooden dipper

export type ArtScene =
  | "pile" // top-down / three-quarter view of many items heaped on a surface
  | "gift-box" // items in an open kraft gift box with paper shred and a ribbon
  | "cut" // one or two items cut open showing the inside, with whole ones behind
  | "orchard"; // items still on the plant / in a field-like setting

export const ART_KINDS: readonly ArtKind[] = [
  "navel-orange",
  "mandarin",
  "red-grape",
  "kyoho-grape",
  "potato",
  "purple-potato",
  "millet",
  "honey",
];
export const ART_SCENES: readonly ArtScene[] = ["pile", "gift-box", "cut", "orchard"];

const SCENES: Record<ArtScene, (c: Ctx) => string> = { pile, "gift-box": giftBox, cut, orchard };

/** FNV-1a over the inputs so each (kind, scene, seed) gets its own stream. */
function hashSeed(kind: string, scene: string, seed: number): number {
  let h = 0x811c9dc5;
  for (const ch of `${kind}|${scene}|${seed}`) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Design area: compositions are authored for 1600×1200 and keep that area at any aspect ratio. */
const DESIGN_AREA = 1600 * 1200;
const MIN_ASPECT = 3 / 4;
const MAX_ASPECT = 2;

type ArtOpts = { kind: ArtKind; scene: ArtScene; seed: number; width?: number; height?: number };

const dim = (v: number | undefined, fallback: number): number =>
  v !== undefined && Number.isFinite(v) ? Math.max(200, Math.round(v)) : fallback;

/** Build the SVG document for one photo. */
async function buildSvg(opts: ArtOpts): Promise<string> {
  const scene = SCENES[opts.scene];
  if (!scene || !ART_KINDS.includes(opts.kind))
    throw new Error(`renderArt: unknown kind/scene ${opts.kind}/${opts.scene}`);
  const width = dim(opts.width, 1600);
  const height = dim(opts.height, 1200);
  // Compose at the requested aspect ratio within a sensible range; beyond it the
  // composition is centre-cropped (viewBox "slice") rather than stretched thin.
  const aspect = clamp(width / height, MIN_ASPECT, MAX_ASPECT);
  const W = Math.sqrt(DESIGN_AREA * aspect);
  const H = W / aspect;
  const rng = makeRng(hashSeed(opts.kind, opts.scene, opts.seed));
  const doc = new Doc(W, H, rng);
  const ctx: Ctx = { doc, rng, W, H, u: Math.min(W / 1600, H / 1200), kind: opts.kind };
  const body = scene(ctx) + finishLight(doc, W, H, opts.scene === "orchard" ? 0.22 : 0.16);
  return doc.toSvg(body, width, height);
}

/** Render a product photo as JPEG (default 1600×1200; any size ≥ 200 px, the composition adapts). */
export async function renderArt(opts: {
  kind: ArtKind;
  scene: ArtScene;
  seed: number;
  width?: number;
  height?: number;
}): Promise<Buffer> {
  const svg = await buildSvg(opts);
  return sharp(Buffer.from(svg)).jpeg({ quality: 88 }).toBuffer();
}
