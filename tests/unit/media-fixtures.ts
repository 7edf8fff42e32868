import { deflateSync } from "node:zlib";
import sharp from "sharp";

/** A photo-like JPEG: left half red, right half blue, so a rotation shows where each half went. */
export async function twoToneJpeg(
  width: number,
  height: number,
  options: { orientation?: number } = {},
) {
  const half = Math.floor(width / 2);
  const left = await sharp({
    create: { width: half, height, channels: 3, background: { r: 220, g: 20, b: 20 } },
  })
    .png()
    .toBuffer();
  let img = sharp({
    create: { width, height, channels: 3, background: { r: 20, g: 20, b: 220 } },
  }).composite([{ input: left, left: 0, top: 0 }]);
  if (options.orientation) img = img.withMetadata({ orientation: options.orientation });
  return img.jpeg({ quality: 90 }).toBuffer();
}

/** A JPEG carrying camera EXIF, GPS coordinates and XMP: everything the pipeline must drop. */
export async function jpegWithLocation(width = 800, height = 600) {
  return sharp({ create: { width, height, channels: 3, background: { r: 90, g: 160, b: 60 } } })
    .withExif({
      IFD0: { Make: "TestCam", Model: "Secret 1", Copyright: "secret-owner" },
      IFD3: {
        GPSLatitudeRef: "N",
        GPSLatitude: "25/1 39/1 0/1",
        GPSLongitudeRef: "E",
        GPSLongitude: "114/1 53/1 0/1",
      },
    })
    .withXmp(
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
        '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="secret-xmp"/></rdf:RDF></x:xmpmeta>',
    )
    .jpeg()
    .toBuffer();
}

/** sRGB (200, 50, 30) stored as a CMYK JPEG, as print-oriented software exports it. */
export async function cmykJpeg(width = 640, height = 480) {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 50, b: 30 } } })
    .toColourspace("cmyk")
    .jpeg({ quality: 95 })
    .toBuffer();
}

/** sRGB (200, 50, 30) saved in Display P3: the file holds P3 numbers (184, 63, 42) and the P3 profile. */
export async function displayP3Jpeg(width = 640, height = 480) {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 50, b: 30 } } })
    .withIccProfile("p3")
    .jpeg({ quality: 100 })
    .toBuffer();
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A decompression bomb: a valid PNG header declaring `size`×`size` grey pixels (20000² = 400
 * megapixels, 400 MB decoded) followed by the first rows of zeros, deflated to a few kB.
 */
export function pngBomb(size = 20_000): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale, no interlace
  const rows = deflateSync(Buffer.alloc((size + 1) * 64));
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk("IHDR", ihdr),
    chunk("IDAT", rows),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/**
 * A PNG that declares `width`×`height` RGB pixels and carries only a first scrap of them:
 * enough for a header check, without making the image (a 9,750,000×4 strip takes ~500 MB to create).
 */
export function pngDeclaring(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const rows = deflateSync(Buffer.alloc(64 * 1024));
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk("IHDR", ihdr),
    chunk("IDAT", rows),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** The average colour of a small patch at (x, y) of an encoded image, decoded as sRGB. */
export async function colourAt(
  image: Buffer,
  x: number,
  y: number,
): Promise<[number, number, number]> {
  const { data } = await sharp(image)
    .extract({ left: x, top: y, width: 4, height: 4 })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const sum = [0, 0, 0];
  for (let i = 0; i < data.length; i += 3) for (let c = 0; c < 3; c++) sum[c]! += data[i + c]!;
  const n = data.length / 3;
  return [Math.round(sum[0]! / n), Math.round(sum[1]! / n), Math.round(sum[2]! / n)];
}
