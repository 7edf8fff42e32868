import type { IncomingMessage, ServerResponse } from "node:http";
import { MAX_QUOTE_BODY_BYTES, TOO_LARGE, answerQuote, type QuoteAnswer } from "./quote-api.server";

/**
 * `POST /api/shipping/quote` as a bare Node handler, mounted in server.ts ahead of Remix:
 * checkout and product pages ask for quotes constantly, and Remix's request pipeline cost
 * several times the quote itself (scripts/bench-quote.ts). Same answers as the Remix route.
 */
export async function handleQuoteRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== "POST") {
    return send(
      res,
      { status: 405, body: { error: "method_not_allowed", message: "use POST with a JSON body" } },
      { Allow: "POST" },
    );
  }
  const raw = await readBody(req);
  send(res, raw === null ? TOO_LARGE : await answerQuote(raw));
}

function send(
  res: ServerResponse,
  { status, body }: QuoteAnswer,
  headers: Record<string, string> = {},
): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(json),
    "Cache-Control": "no-store",
    ...headers,
  });
  res.end(json);
}

/** The body as text, or null once it passes the limit (the rest is drained, not buffered). */
function readBody(req: IncomingMessage): Promise<string | null> {
  if (Number(req.headers["content-length"] ?? 0) > MAX_QUOTE_BODY_BYTES) {
    req.resume();
    return Promise.resolve(null);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_QUOTE_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () =>
      resolve(size > MAX_QUOTE_BODY_BYTES ? null : Buffer.concat(chunks).toString("utf8")),
    );
    req.on("error", reject);
  });
}
