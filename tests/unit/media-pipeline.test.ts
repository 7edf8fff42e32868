import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { formatsOf, RENDITION_WIDTHS, widthsFor } from "~/media/images";
import { renderImage } from "~/media/images.server";
import { memoryMediaStorage } from "~/media/storage.server";
import { ImageRefused, inspectImage } from "~/media/validate.server";
import { cmykJpeg, colourAt, displayP3Jpeg, jpegWithLocation, pngBomb, twoToneJpeg } from "./media-fixtures";

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
      expect([meta.exif, meta.xmp, meta.iptc, meta.icc], key).toEqual([undefined, undefined, undefined, undefined]);
      const bytes = body.toString("latin1");
      for (const secret of ["secret-owner", "secret-xmp", "TestCam", "Exif\0\0"]) expect(bytes, key).not.toContain(secret);
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
    expect(Math.abs(stored[0]! - 184) + Math.abs(stored[1]! - 63) + Math.abs(stored[2]! - 42)).toBeLessThan(6);
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
      ["320", "640", "960"].flatMap((w) => ["avif", "jpg", "webp"].map((f) => `${HASH}/${w}.${f}`)).sort(),
    );
    for (const [key, body] of storage.files) {
      const meta = await sharp(body).metadata();
      const [w, ext] = key.split("/")[1]!.split(".");
      expect(meta.width, key).toBe(Number(w));
      expect(meta.format, key).toBe(({ avif: "heif", webp: "webp", jpg: "jpeg" } as Record<string, string>)[ext!]);
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

  it("offers only the formats an image was stored in", () => {
    expect(formatsOf({ formats: ["webp", "jpg"] })).toEqual(["webp", "jpg"]);
    expect(formatsOf({ formats: ["jpg", "avif", "webp"] })).toEqual(["avif", "webp", "jpg"]);
  });
});

describe("what the pipeline refuses, by content", () => {
  it("refuses text named .jpg", async () => {
    const e = await refusal(Buffer.from("this is not a photo, just text\n".repeat(20)), "photo.jpg");
    expect([e.status, e.code, e.fileName]).toEqual([415, "notImage", "photo.jpg"]);
  });

  it("refuses images in formats we do not take (SVG, GIF)", async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300"><rect width="400" height="300"/></svg>');
    expect((await refusal(svg, "a.png")).status).toBe(415);
    const gif = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#fff" } }).gif().toBuffer();
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
