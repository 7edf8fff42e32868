// Render every (kind, scene) demo photo into /tmp/art-preview and build a contact sheet.
//   npx tsx scripts/preview-art.ts [seed] [--png]   (--png also writes .png copies, handy for image viewers)
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { ART_KINDS, ART_SCENES, renderArt } from "./seed/art";

const OUT = "/tmp/art-preview";
const W = 640;
const H = 480;
const args = process.argv.slice(2);
const seed = Number(args.find((a) => /^\d+$/.test(a)) ?? 1);
const png = args.includes("--png");

async function main(): Promise<void> {
  await mkdir(OUT, { recursive: true });
  const tiles: { input: Buffer; left: number; top: number }[] = [];
  const cell = { w: 320, h: 240 };
  for (const [row, kind] of ART_KINDS.entries()) {
    for (const [col, scene] of ART_SCENES.entries()) {
      const t0 = performance.now();
      const jpg = await renderArt({ kind, scene, seed, width: W, height: H });
      const ms = performance.now() - t0;
      await writeFile(path.join(OUT, `${kind}-${scene}.jpg`), jpg);
      if (png)
        await writeFile(path.join(OUT, `${kind}-${scene}.png`), await sharp(jpg).png().toBuffer());
      console.log(
        `${kind.padEnd(14)} ${scene.padEnd(9)} ${ms.toFixed(0).padStart(5)} ms  ${(jpg.length / 1024).toFixed(0)} KiB`,
      );
      tiles.push({
        input: await sharp(jpg).resize(cell.w, cell.h).toBuffer(),
        left: col * cell.w,
        top: row * cell.h,
      });
    }
  }
  const sheet = sharp({
    create: {
      width: cell.w * ART_SCENES.length,
      height: cell.h * ART_KINDS.length,
      channels: 3,
      background: "#ffffff",
    },
  }).composite(tiles);
  await writeFile(
    path.join(OUT, "sheet.jpg"),
    await sheet.clone().jpeg({ quality: 85 }).toBuffer(),
  );
  if (png) await writeFile(path.join(OUT, "sheet.png"), await sheet.png().toBuffer());

  // full-size timing (the seeder renders 1600×1200)
  const times: number[] = [];
  for (const kind of ART_KINDS) {
    for (const scene of ART_SCENES) {
      const t0 = performance.now();
      await renderArt({ kind, scene, seed });
      times.push(performance.now() - t0);
    }
  }
  times.sort((a, b) => a - b);
  const avg = times.reduce((s, t) => s + t, 0) / times.length;
  console.log(
    `1600x1200: avg ${avg.toFixed(0)} ms, median ${(times[times.length >> 1] ?? 0).toFixed(0)} ms, max ${(times[times.length - 1] ?? 0).toFixed(0)} ms`,
  );
  console.log(`wrote ${OUT}/sheet.jpg`);
}

await main();
