import { Transform } from "node:stream";

/**
 * React 18.3's `renderToPipeableStream` (react#24985, fixed in React 19) encodes into 2 kB views;
 * when a character does not fit in what is left of one, it flushes the whole view, unfilled tail
 * included (1–3 zero bytes), and encodes the character whole into the next. The zeros are extra
 * bytes, not parts of the character, so dropping them gives back exactly the intended UTF-8.
 * Dropping needs no state across chunks: 0x00 is never a byte of a multi-byte UTF-8 sequence.
 */
export function stripNulBytes(chunk: Uint8Array): Uint8Array {
  let nul = chunk.indexOf(0);
  if (nul === -1) return chunk;
  const out = new Uint8Array(chunk.length);
  let length = 0;
  let from = 0;
  while (nul !== -1) {
    out.set(chunk.subarray(from, nul), length);
    length += nul - from;
    from = nul + 1;
    nul = chunk.indexOf(0, from);
  }
  out.set(chunk.subarray(from), length);
  length += chunk.length - from;
  return out.subarray(0, length);
}

/** A pass-through for server-rendered HTML that drops React 18's stray NUL bytes (our HTML never holds a real one). */
export function createNulFreeStream(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      callback(null, stripNulBytes(chunk));
    },
  });
}
