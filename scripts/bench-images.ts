/**
 * How long and how much memory the image pipeline needs for a phone-sized photo, beside
 * sharp's plain resize of the same photo, and images per second over a batch.
 *
 *   npx tsx scripts/bench-images.ts [--batch 8]
 *
 * Each measurement runs in its own child process so its peak RSS is its own; the parent
 * builds the 12-megapixel test photos (4000×3000 drawn orchard scenes with sensor-like noise
 * and camera EXIF including GPS) and hands them over as files.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { renderArt, type ArtKind } from "./seed/art";
import { renderImage } from "../app/media/images.server";
import { memoryMediaStorage } from "../app/media/storage.server";
import { inspectImage } from "../app/media/validate.server";

const self = fileURLToPath(import.meta.url);
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

async function testPhoto(seed: number): Promise<Buffer> {
  const kinds: ArtKind[] = ["navel-orange", "kyoho-grape", "potato", "mandarin"];
  const art = await renderArt({
    kind: kinds[seed % kinds.length]!,
    scene: seed % 2 ? "orchard" : "pile",
    seed,
    width: 4000,
    height: 3000,
  });
  // Per-pixel noise, like a phone sensor's, so encoders face photo-like detail rather than flat fills.
  const noise = await sharp({
    create: {
      width: 4000,
      height: 3000,
      channels: 3,
      background: { r: 128, g: 128, b: 128 },
      noise: { type: "gaussian", mean: 128, sigma: 12 },
    },
  })
    .png({ compressionLevel: 1 })
    .toBuffer();
  return sharp(art)
    .composite([{ input: noise, blend: "overlay" }])
    .withExif({
      IFD0: { Make: "BenchCam", Model: "12MP", Software: "bench-images" },
      IFD3: {
        GPSLatitudeRef: "N",
        GPSLatitude: "25/1 51/1 0/1",
        GPSLongitudeRef: "E",
        GPSLongitude: "114/1 56/1 0/1",
      },
    })
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** One measurement, run in a fresh process: prints JSON { ms, peakRssMb, baseRssMb, ... }. */
async function child(mode: string, files: string[]) {
  const sources = files.map((f) => readFileSync(f));
  const baseRss = process.memoryUsage.rss();
  let peak = baseRss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 2);
  const started = performance.now();
  let bytesOut = 0;
  let outputs = 0;
  for (const source of sources) {
    if (mode === "pipeline") {
      await inspectImage(source, "bench.jpg");
      const storage = memoryMediaStorage();
      const hash = createHash("sha256").update(source).digest("hex");
      await renderImage({ source, hash, storage });
      for (const body of storage.files.values()) bytesOut += body.length;
      outputs += storage.files.size;
    } else {
      const out = await sharp(source).resize({ width: 1280 }).jpeg({ quality: 82 }).toBuffer();
      bytesOut += out.length;
      outputs += 1;
    }
  }
  const ms = performance.now() - started;
  clearInterval(timer);
  // The kernel's own high-water mark for this process (resourceUsage().maxRSS would include
  // the parent's: ru_maxrss survives fork+exec).
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
  if (hwm) peak = Math.max(peak, Number(hwm) * 1024);
  console.log(
    JSON.stringify({
      ms,
      peakRssMb: peak / 2 ** 20,
      baseRssMb: baseRss / 2 ** 20,
      bytesOut,
      outputs,
    }),
  );
}

function measure(mode: string, files: string[]) {
  const result = spawnSync(
    process.execPath,
    [...process.execArgv, self, "--child", mode, ...files],
    { encoding: "utf8" },
  );
  if (result.status !== 0) throw new Error(`${mode} failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split("\n").pop()!) as {
    ms: number;
    peakRssMb: number;
    baseRssMb: number;
    bytesOut: number;
    outputs: number;
  };
}

async function main() {
  const batch = Number(arg("batch") ?? 8);
  const dir = mkdtempSync(path.join(os.tmpdir(), "hl-bench-images-"));
  try {
    const load = os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ");
    console.log(
      `machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, node ${process.version}, sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}`,
    );
    // Other work on the machine stretches every figure; the load average says how much.
    console.log(
      `sharp threads per operation: ${sharp.concurrency()}, libuv pool: ${process.env.UV_THREADPOOL_SIZE ?? 4}, load average at start: ${load}`,
    );
    const photos: string[] = [];
    for (let i = 0; i < batch; i++) {
      const file = path.join(dir, `photo-${i}.jpg`);
      writeFileSync(file, await testPhoto(i + 1));
      photos.push(file);
    }
    const first = readFileSync(photos[0]!);
    const meta = await sharp(first).metadata();
    console.log(
      `test photo: ${meta.width}×${meta.height} JPEG, ${(first.length / 2 ** 20).toFixed(1)} MB, EXIF ${meta.exif?.length ?? 0} bytes (GPS included)\n`,
    );

    const row = (label: string, r: ReturnType<typeof measure>, n: number) =>
      console.log(
        `${label.padEnd(44)} ${(r.ms / 1000).toFixed(2).padStart(6)} s  ${(n / (r.ms / 1000)).toFixed(2).padStart(5)} img/s  ` +
          `peak RSS ${r.peakRssMb.toFixed(0).padStart(4)} MB (+${(r.peakRssMb - r.baseRssMb).toFixed(0)} over idle)  ` +
          `${r.outputs} files, ${(r.bytesOut / 1024).toFixed(0)} kB`,
      );
    row(
      "one photo, our pipeline (5 widths × 3 formats)",
      measure("pipeline", photos.slice(0, 1)),
      1,
    );
    row("one photo, sharp plain resize to one 1280 JPEG", measure("plain", photos.slice(0, 1)), 1);
    row(`batch of ${batch}, our pipeline, one after another`, measure("pipeline", photos), batch);
    row(
      `batch of ${batch}, sharp plain resize, one after another`,
      measure("plain", photos),
      batch,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv.includes("--child")) {
  const i = process.argv.indexOf("--child");
  await child(process.argv[i + 1]!, process.argv.slice(i + 2));
} else {
  await main();
}
