import sharp from "sharp";
import { describe, expect, it } from "vitest";
import {
  formatsOf,
  MAX_RENDITION_SIDE,
  RENDITION_WIDTHS,
  renditionSize,
  shapeAllowed,
  widthsFor,
} from "~/media/images";
import { renderImage } from "~/media/images.server";
import { memoryMediaStorage } from "~/media/storage.server";
import { ImageRefused, inspectImage } from "~/media/validate.server";
import {
  cmykJpeg,
  colourAt,
  displayP3Jpeg,
  jpegWithLocation,
  pngBomb,
  pngDeclaring,
  twoToneJpeg,
} from "./media-fixtures";

const HASH = "a".repeat(64);

async function render(source: Buffer) {
  const storage = memoryMediaStorage();
  const rendered = await renderImage({ source, hash: HASH, storage });
  return { storage, rendered };
}

async function refusal(source: Buffer, name: string): Promise<ImageRefused> {
  const error = await inspectImage(source, name).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImageRefused);
  return error as ImageRefused;
}

describe("what the pipeline makes", () => {
  it("turns an EXIF orientation 6 photo upright", async () => {
    // Stored 1400×700 with red on the left; orientation 6 means "rotate 90° clockwise to view".
    const source = await twoToneJpeg(1400, 700, { orientation: 6 });
    const { storage, rendered } = await render(source);
    expect([rendered.width, rendered.height]).toEqual([700, 1400]);
    expect(rendered.widths).toEqual([320, 640]);
    const out = storage.files.get(`${HASH}/640.jpg`)!;
    const meta = await sharp(out).metadata();
    expect([meta.width, meta.height, meta.orientation]).toEqual([640, 1280, undefined]);
    // After a clockwise quarter turn the left (red) half is on top.
    const [r1, , b1] = await colourAt(out, 300, 200);
    const [r2, , b2] = await colourAt(out, 300, 1000);
    expect(r1).toBeGreaterThan(180);
    expect(b1).toBeLessThan(60);
    expect(b2).toBeGreaterThan(180);
    expect(r2).toBeLessThan(60);
  });

  it("keeps no EXIF, GPS, XMP, IPTC or ICC data in any output", async () => {
    const source = await jpegWithLocation();
    const input = await sharp(source).metadata();
    expect(input.exif?.toString("latin1")).toContain("secret-owner");
    expect(input.xmp?.toString("latin1")).toContain("secret-xmp");
    const { storage } = await render(source);
    expect(storage.files.size).toBe(2 * 3);
    for (const [key, body] of storage.files) {
      const meta = await sharp(body).metadata();
      expect([meta.exif, meta.xmp, meta.iptc, meta.icc], key).toEqual([
        undefined,
        undefined,
        undefined,
        undefined,
      ]);
      const bytes = body.toString("latin1");
      for (const secret of ["secret-owner", "secret-xmp", "TestCam", "Exif\0\0"])
        expect(bytes, key).not.toContain(secret);
    }
  });

  it("converts a CMYK JPEG to sRGB", async () => {
    const source = await cmykJpeg();
    expect((await sharp(source).metadata()).space).toBe("cmyk");
    const { storage } = await render(source);
    for (const [key, body] of storage.files) {
      const meta = await sharp(body).metadata();
      expect([meta.space, meta.channels], key).toEqual(["srgb", 3]);
    }
    const [r, g, b] = await colourAt(storage.files.get(`${HASH}/320.jpg`)!, 100, 100);
    expect(Math.abs(r - 200) + Math.abs(g - 50) + Math.abs(b - 30)).toBeLessThan(45);
  });

  it("converts a wide-gamut (Display P3) photo to sRGB values, not just drops its profile", async () => {
    const source = await displayP3Jpeg();
    const stored = await sharp(source).keepIccProfile().raw().toBuffer();
    expect(
      Math.abs(stored[0]! - 184) + Math.abs(stored[1]! - 63) + Math.abs(stored[2]! - 42),
    ).toBeLessThan(6);
    const { storage } = await render(source);
    const out = storage.files.get(`${HASH}/320.webp`)!;
    expect((await sharp(out).metadata()).icc).toBeUndefined();
    const [r, g, b] = await colourAt(out, 100, 100);
    // The file's P3 numbers (184, 63, 42) are sRGB (200, 50, 30).
    expect(Math.abs(r - 200) + Math.abs(g - 50) + Math.abs(b - 30)).toBeLessThan(12);
  });

  it("makes AVIF, WebP and JPEG at every width up to the source's, never larger", async () => {
    const { storage, rendered } = await render(await twoToneJpeg(1000, 750));
    expect(rendered.widths).toEqual([320, 640, 960]);
    expect(rendered.formats).toEqual(["avif", "webp", "jpg"]);
    expect([...storage.files.keys()].sort()).toEqual(
      ["320", "640", "960"]
        .flatMap((w) => ["avif", "jpg", "webp"].map((f) => `${HASH}/${w}.${f}`))
        .sort(),
    );
    for (const [key, body] of storage.files) {
      const meta = await sharp(body).metadata();
      const [w, ext] = key.split("/")[1]!.split(".");
      expect(meta.width, key).toBe(Number(w));
      expect(meta.format, key).toBe(
        ({ avif: "heif", webp: "webp", jpg: "jpeg" } as Record<string, string>)[ext!],
      );
    }
    expect(rendered.placeholder).toMatch(/^data:image\/webp;base64,/);
  });

  it("never upscales: a source narrower than 320 px is stored at its own width", async () => {
    const { storage, rendered } = await render(await twoToneJpeg(200, 150));
    expect(rendered.widths).toEqual([320]);
    expect((await sharp(storage.files.get(`${HASH}/320.jpg`)!).metadata()).width).toBe(200);
  });

  it("widthsFor: the rendition widths that fit, never above the source", () => {
    expect(widthsFor(4000)).toEqual([...RENDITION_WIDTHS]);
    expect(widthsFor(1920)).toEqual([320, 640, 960, 1280, 1920]);
    expect(widthsFor(1919)).toEqual([320, 640, 960, 1280]);
    expect(widthsFor(320)).toEqual([320]);
    expect(widthsFor(10)).toEqual([320]);
    for (let w = 1; w < 5000; w += 37) {
      const ws = widthsFor(w);
      expect(ws.every((x) => x <= Math.max(w, 320))).toBe(true);
      expect(ws.length).toBeGreaterThan(0);
    }
  });

  it("renders a 750×20,000 detail image with no rendition taller than WebP and AVIF encode (it was a 500)", async () => {
    const source = await sharp({
      create: { width: 750, height: 20_000, channels: 3, background: "#f80" },
    })
      .jpeg()
      .toBuffer();
    const { storage, rendered } = await render(source);
    expect(rendered).toMatchObject({
      width: 750,
      height: 20_000,
      widths: [320, 640],
      formats: ["avif", "webp", "jpg"],
    });
    expect(storage.files.size).toBe(2 * 3);
    for (const [key, body] of storage.files) {
      const meta = await sharp(body).metadata();
      const expected = key.includes("/640.") ? [614, 16_383] : [320, 8533];
      expect([meta.width, meta.height], key).toEqual(expected);
    }
  });

  it("renditionSize: the slot's width at the source's shape, never taller than the encoders take", () => {
    expect(MAX_RENDITION_SIDE).toBe(16_383);
    expect(renditionSize({ width: 1000, height: 750 }, 640)).toEqual({ width: 640, height: 480 });
    expect(renditionSize({ width: 200, height: 150 }, 320)).toEqual({ width: 200, height: 150 });
    expect(renditionSize({ width: 750, height: 20_000 }, 640)).toEqual({
      width: 614,
      height: 16_383,
    });
    expect(renditionSize({ width: 750, height: 20_000 }, 320)).toEqual({
      width: 320,
      height: 8533,
    });
    expect(renditionSize({ width: 20_000, height: 667 }, 1920)).toEqual({
      width: 1920,
      height: 64,
    });
    for (const [w, h] of [
      [750, 16_384],
      [1920, 20_000],
      [667, 20_000],
      [300, 9000],
      [20_000, 20_000],
    ] as const) {
      for (const slot of widthsFor(w)) {
        const size = renditionSize({ width: w, height: h }, slot);
        expect(Math.max(size.width, size.height), `${w}×${h} @${slot}`).toBeLessThanOrEqual(
          MAX_RENDITION_SIDE,
        );
        expect(size.width, `${w}×${h} @${slot}`).toBeLessThanOrEqual(Math.min(slot, w));
      }
    }
  });

  it("offers only the formats an image was stored in", () => {
    expect(formatsOf({ formats: ["webp", "jpg"] })).toEqual(["webp", "jpg"]);
    expect(formatsOf({ formats: ["jpg", "avif", "webp"] })).toEqual(["avif", "webp", "jpg"]);
  });
});

describe("what the pipeline refuses, by content", () => {
  it("refuses text named .jpg", async () => {
    const e = await refusal(
      Buffer.from("this is not a photo, just text\n".repeat(20)),
      "photo.jpg",
    );
    expect([e.status, e.code, e.fileName]).toEqual([415, "notImage", "photo.jpg"]);
  });

  it("refuses images in formats we do not take (SVG, GIF)", async () => {
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300"><rect width="400" height="300"/></svg>',
    );
    expect((await refusal(svg, "a.png")).status).toBe(415);
    const gif = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#fff" } })
      .gif()
      .toBuffer();
    expect((await refusal(gif, "b.jpg")).status).toBe(415);
  });

  it("refuses a file over 20 MB", async () => {
    const big = Buffer.concat([await twoToneJpeg(64, 48), Buffer.alloc(20 * 1024 * 1024)]);
    const e = await refusal(big, "huge.jpg");
    expect([e.status, e.code]).toEqual([413, "tooLarge"]);
  });

  it("refuses a decompression bomb from its header in milliseconds", async () => {
    const bomb = pngBomb();
    expect(bomb.length).toBeLessThan(10_000);
    const started = performance.now();
    const e = await refusal(bomb, "bomb.png");
    expect(performance.now() - started).toBeLessThan(100);
    expect([e.status, e.code, e.detail.megapixels]).toEqual([422, "tooManyPixels", 400]);
  });

  it("refuses a photo over 40 megapixels even when it is a real one", async () => {
    const e = await refusal(pngBomb(6400), "panorama.png"); // 6400² ≈ 41 MP
    expect(e.code).toBe("tooManyPixels");
  });

  it("shapeAllowed: up to 20,000 px a side and 1:30, so tall detail images pass and strips do not", () => {
    for (const [w, h] of [
      [750, 20_000],
      [20_000, 750],
      [790, 20_000],
      [1920, 300],
      [600, 18_000],
      [20_000, 20_000],
      [1, 30],
    ]) {
      expect(shapeAllowed(w!, h!), `${w}×${h}`).toBe(true);
    }
    for (const [w, h] of [
      [9_750_000, 4],
      [750, 20_001],
      [20_001, 1000],
      [600, 18_001],
      [1, 31],
      [0, 10],
    ]) {
      expect(shapeAllowed(w!, h!), `${w}×${h}`).toBe(false);
    }
  });

  it("refuses a 9,750,000×4 strip (39 MP, under the pixel cap) and a too-tall image from the header", async () => {
    const started = performance.now();
    const strip = await refusal(pngDeclaring(9_750_000, 4), "strip.png");
    expect(performance.now() - started).toBeLessThan(100);
    expect([strip.status, strip.code, strip.detail]).toEqual([
      422,
      "badShape",
      { width: 9_750_000, height: 4 },
    ]);
    const tall = await refusal(pngDeclaring(750, 20_001), "tall.png");
    expect([tall.status, tall.code]).toEqual([422, "badShape"]);
    // Within the limits the header check passes.
    expect(await inspectImage(pngDeclaring(750, 20_000), "detail.png")).toEqual({
      format: "png",
      width: 750,
      height: 20_000,
    });
  });

  it("accepts JPEG, PNG, WebP and AVIF by their bytes whatever the name", async () => {
    const base = sharp({ create: { width: 40, height: 30, channels: 3, background: "#8a4" } });
    const cases = [
      ["jpeg", await base.clone().jpeg().toBuffer()],
      ["png", await base.clone().png().toBuffer()],
      ["webp", await base.clone().webp().toBuffer()],
      ["avif", await base.clone().avif().toBuffer()],
    ] as const;
    for (const [format, bytes] of cases) {
      expect((await inspectImage(bytes, "whatever.txt")).format).toBe(format);
    }
  });
});
