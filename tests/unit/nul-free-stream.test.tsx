import { PassThrough, Readable, type Transform } from "node:stream";
import { renderToPipeableStream, renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { createNulFreeStream, stripNulBytes } from "~/lib/nul-free-stream.server";

const bytes = (s: string) => new TextEncoder().encode(s);

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.from(part as Uint8Array));
  return Buffer.concat(parts);
}

/** Writes `chunks` into the stream one by one, as React does, and reads back everything it passes on. */
async function through(stream: Transform, chunks: Uint8Array[]): Promise<Buffer> {
  const out = collect(stream);
  Readable.from(chunks).pipe(stream);
  return out;
}

/** Renders through React 18's stream into `sink`, as entry.server.tsx does. */
async function renderThrough(element: React.ReactElement, sink: Transform): Promise<Buffer> {
  const out = collect(sink);
  await new Promise<void>((resolve, reject) => {
    const { pipe } = renderToPipeableStream(element, {
      onAllReady() {
        pipe(sink);
        resolve();
      },
      onError: reject,
    });
  });
  return out;
}

// Mostly three-byte characters, a four-byte one, and ASCII between, so every split lands somewhere new.
const TEXT = "赣南脐橙 纽荷尔 5 公斤 家庭装 ¥69.90 🍊 <娄烦>高原黄心土豆";

describe("stripNulBytes", () => {
  it("drops every NUL, wherever and however many, and keeps the other bytes in order", () => {
    expect([...stripNulBytes(Uint8Array.from([0, 65, 0, 0, 66, 0]))]).toEqual([65, 66]);
    expect([...stripNulBytes(Uint8Array.from([0, 0, 0]))]).toEqual([]);
    expect([...stripNulBytes(new Uint8Array(0))]).toEqual([]);
    const padded = Uint8Array.from([...bytes("脐"), 0, 0, ...bytes("橙"), 0]);
    expect(new TextDecoder().decode(stripNulBytes(padded))).toBe("脐橙");
  });

  it("hands back a chunk without NULs as it is", () => {
    const chunk = bytes(TEXT);
    expect(stripNulBytes(chunk)).toBe(chunk);
  });
});

describe("the NUL-free HTML stream", () => {
  // React's padding sits after a whole character; the stream's chunks may split anywhere.
  const padded = (() => {
    const parts: number[] = [];
    for (const [i, ch] of [...TEXT].entries())
      parts.push(...bytes(ch), ...new Array<number>(i % 4).fill(0));
    return Uint8Array.from(parts);
  })();

  it("gives back the exact UTF-8 for every way of cutting the bytes in two", async () => {
    for (let cut = 0; cut <= padded.length; cut++) {
      const out = await through(createNulFreeStream(), [
        padded.subarray(0, cut),
        padded.subarray(cut),
      ]);
      expect(out.equals(Buffer.from(bytes(TEXT))), `cut at byte ${cut}`).toBe(true);
    }
  });

  it("gives back the exact UTF-8 when every byte comes on its own, or in chunks of 2, 3, 5 and 7", async () => {
    for (const size of [1, 2, 3, 5, 7]) {
      const chunks: Uint8Array[] = [];
      for (let i = 0; i < padded.length; i += size) chunks.push(padded.subarray(i, i + size));
      const out = await through(createNulFreeStream(), chunks);
      expect(new TextDecoder("utf-8", { fatal: true }).decode(out), `chunks of ${size}`).toBe(TEXT);
    }
  });

  it("turns React 18's padded stream of a Chinese page back into exactly what renderToString makes", async () => {
    // Hundreds of small strings of mixed widths, so characters meet React's 2 kB view edges many times.
    const page = (shift: number) => (
      <ul>
        {Array.from({ length: 300 }, (_, i) => (
          <li key={i} title={"x".repeat((i + shift) % 5) + "赣南脐橙"}>
            {`脐橙🍊${i}`}
          </li>
        ))}
      </ul>
    );
    for (const shift of [0, 1, 2, 3, 4]) {
      const expected = Buffer.from(renderToString(page(shift)));
      const raw = await renderThrough(page(shift), new PassThrough());
      // The bug this works around: React 18.3 sends extra NULs (its output is longer by exactly their count).
      const nuls = raw.filter((b) => b === 0).length;
      expect(nuls, "React 18 still pads; on React 19 this stream can go").toBeGreaterThan(0);
      expect(raw.length).toBe(expected.length + nuls);
      const fixed = await renderThrough(page(shift), createNulFreeStream());
      expect(fixed.equals(expected), `shift ${shift}`).toBe(true);
    }
  });
});
