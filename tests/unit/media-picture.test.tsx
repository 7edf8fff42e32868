import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Picture } from "~/media/components/picture";
import type { ImageRef } from "~/media/images";

const image = (formats: string[]): ImageRef => ({
  hash: "b".repeat(64),
  width: 1600,
  height: 1200,
  widths: [320, 640, 960, 1280],
  formats,
  placeholder: "data:image/webp;base64,AAAA",
  alt: "一筐脐橙",
});

describe("<Picture>", () => {
  it("offers AVIF first, then WebP, then a JPEG <img> with its intrinsic size", () => {
    const html = renderToStaticMarkup(
      <Picture image={image(["avif", "webp", "jpg"])} sizes="100vw" />,
    );
    const types = [...html.matchAll(/<source type="([^"]+)"/g)].map((m) => m[1]);
    expect(types).toEqual(["image/avif", "image/webp"]);
    expect(html).toContain("/1280.avif 1280w");
    expect(html).toMatch(/<img src="\/media\/b{64}\/640\.jpg" srcSet="[^"]*1280\.jpg 1280w"/);
    expect(html).toContain('width="1600" height="1200"');
    expect(html).toContain('alt="一筐脐橙"');
  });

  it("offers only the formats an older image was stored in (no AVIF)", () => {
    const html = renderToStaticMarkup(<Picture image={image(["webp", "jpg"])} sizes="100vw" />);
    expect(html).not.toContain("avif");
    expect([...html.matchAll(/<source type="([^"]+)"/g)].map((m) => m[1])).toEqual(["image/webp"]);
    expect(html).toContain('/640.jpg"');
  });
});
