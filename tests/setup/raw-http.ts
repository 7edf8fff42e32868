import { request } from "node:http";

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  /** Sent whole, with a Content-Length (unless `chunked`). */
  body?: string | Buffer;
  /** Sent with Transfer-Encoding: chunked, without a length: this many bytes in 64 kB pieces. */
  chunkedBytes?: number;
  /** Declare this Content-Length but send only the first kilobyte of it (a body over a limit). */
  declaredBytes?: number;
}

/**
 * One request over node:http, which (unlike fetch) sends any method (TRACE, made-up ones), any
 * header and any body shape. A server that answers before the body is in (a 413) is read as
 * answered; a connection it closes without answering resolves with status 0.
 */
export function rawRequest(base: string, { method = "GET", path, headers = {}, body, chunkedBytes, declaredBytes }: RawRequest): Promise<RawResponse> {
  const url = new URL(base);
  return new Promise((resolve) => {
    let settled = false;
    const done = (response: RawResponse) => {
      if (settled) return;
      settled = true;
      resolve(response);
    };
    const sendHeaders: Record<string, string> = { ...headers };
    if (body !== undefined && chunkedBytes === undefined) sendHeaders["Content-Length"] = String(Buffer.byteLength(body));
    if (declaredBytes !== undefined) sendHeaders["Content-Length"] = String(declaredBytes);
    let responded = false;
    const req = request({ host: url.hostname, port: url.port, method, path, headers: sendHeaders, agent: false }, (res) => {
      responded = true;
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    // A server that answers and then closes a connection still being written to can make the write
    // fail before the answer is read: give the answer a moment to win.
    req.on("error", () => setTimeout(() => done({ status: 0, headers: {}, body: Buffer.alloc(0) }), 200));
    req.setTimeout(30_000, () => req.destroy());
    if (chunkedBytes !== undefined) {
      const piece = Buffer.alloc(64 * 1024, "a");
      let sent = 0;
      const pump = () => {
        while (sent < chunkedBytes && !responded && !req.destroyed) {
          sent += piece.length;
          if (!req.write(piece)) return void req.once("drain", pump);
        }
        if (!req.destroyed && !responded) req.end();
      };
      pump();
    } else if (declaredBytes !== undefined) {
      req.write(Buffer.alloc(Math.min(1024, declaredBytes), "a"));
      // Never finished: the server must answer on the declared length alone.
    } else {
      req.end(body);
    }
  });
}
