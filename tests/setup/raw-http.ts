import { request } from "node:http";
import { connect } from "node:net";

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
  /** With `chunkedBytes`: go on sending after the answer, as a client that reads only at the end. */
  keepSending?: boolean;
}

/**
 * One request over node:http, which (unlike fetch) sends any method (TRACE, made-up ones), any
 * header and any body shape. A server that answers before the body is in (a 413) is read as
 * answered; a connection it closes without answering resolves with status 0.
 */
export function rawRequest(
  base: string,
  {
    method = "GET",
    path,
    headers = {},
    body,
    chunkedBytes,
    declaredBytes,
    keepSending = false,
  }: RawRequest,
): Promise<RawResponse> {
  const url = new URL(base);
  return new Promise((resolve) => {
    let settled = false;
    const done = (response: RawResponse) => {
      if (settled) return;
      settled = true;
      resolve(response);
    };
    const sendHeaders: Record<string, string> = { ...headers };
    if (body !== undefined && chunkedBytes === undefined)
      sendHeaders["Content-Length"] = String(Buffer.byteLength(body));
    if (declaredBytes !== undefined) sendHeaders["Content-Length"] = String(declaredBytes);
    let responded = false;
    let answer: RawResponse | undefined;
    const req = request(
      { host: url.hostname, port: url.port, method, path, headers: sendHeaders, agent: false },
      (res) => {
        responded = !keepSending;
        const chunks: Buffer[] = [];
        answer = { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.alloc(0) };
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => done({ ...answer!, body: Buffer.concat(chunks) }));
        res.on("error", () => done({ ...answer!, body: Buffer.concat(chunks) }));
      },
    );
    // An answer already read wins over the reset that may follow it; with none, the connection
    // closed without answering.
    req.on("error", () => done(answer ?? { status: 0, headers: {}, body: Buffer.alloc(0) }));
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

/**
 * Writes `head` (a request line and headers, CRLF-separated, as text) on a bare socket and
 * resolves with the status code of the answer: for request shapes node:http will not send (an
 * absolute-form target, `OPTIONS *`, HTTP/1.0 without a Host).
 */
export function rawSocketStatus(base: string, head: string): Promise<number> {
  const url = new URL(base);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.write(head));
    let text = "";
    socket.setTimeout(10_000, () => socket.destroy());
    socket.on("data", (d: Buffer) => {
      text += d.toString("latin1");
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
      if (status) {
        socket.destroy();
        resolve(Number(status));
      }
    });
    socket.on("close", () => resolve(0));
    socket.on("error", () => resolve(0));
  });
}
