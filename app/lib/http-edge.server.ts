import type { IncomingHttpHeaders } from "node:http";
import {
  createReadableStreamFromReadable,
  createRequestHandler as createRemixRequestHandler,
  writeReadableStreamToWritable,
  type AppLoadContext,
  type ServerBuild,
} from "@remix-run/node";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { bodyLimitFor, bodyTooLarge, DEFAULT_BODY_LIMIT } from "./body-limit";

/**
 * How a request from the network becomes a Remix request. Everything here answers a 4xx for what
 * the client sent, so that nothing the client controls (method, Host, X-Forwarded-Host, a body
 * with or without a length) can reach Remix in a shape that makes it throw a 500.
 */

/** The methods this server speaks; `new Request()` throws on TRACE, TRACK and CONNECT. */
export const ALLOWED_METHODS = [
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "PATCH",
  "DELETE",
  "OPTIONS",
] as const;
const ALLOWED = new Set<string>(ALLOWED_METHODS);

export function refuseUnknownMethods(
  req: ExpressRequest,
  res: ExpressResponse,
  next: NextFunction,
): void {
  if (ALLOWED.has(req.method)) return next();
  res
    .status(405)
    .set("Allow", ALLOWED_METHODS.join(", "))
    .type("text/plain")
    .send(`Method ${req.method} is not allowed.`);
}

/**
 * The origin the client asked for: `req.hostname` (which honours X-Forwarded-Host only when
 * `trust proxy` trusts the sender) and the port from that same header, or null when the header
 * is not a host at all.
 */
export function requestOrigin(req: ExpressRequest): string | null {
  const hostname = req.hostname as string | undefined;
  if (!hostname) return null;
  const forwarded = req.app.get("trust proxy fn")(req.socket.remoteAddress, 0)
    ? req.get("X-Forwarded-Host")
    : undefined;
  const header = (forwarded ?? req.get("Host") ?? "").split(",")[0]!.trim();
  const port = /:(\d{1,5})$/.exec(header)?.[1];
  const host = hostname.includes(":") && !hostname.startsWith("[") ? `[${hostname}]` : hostname;
  try {
    const url = new URL(`${req.protocol}://${host}${port ? `:${port}` : ""}`);
    return url.origin === "null" ? null : url.origin;
  } catch {
    return null;
  }
}

/**
 * Refuses a request whose target is not a path (the absolute form a proxy sends, `OPTIONS *`) or
 * whose Host (or trusted X-Forwarded-Host) is not a host; keeps the origin for later steps.
 */
export function requireOrigin(req: ExpressRequest, res: ExpressResponse, next: NextFunction): void {
  if (!req.originalUrl.startsWith("/"))
    return void res.status(400).type("text/plain").send("The request target must be a path.");
  const origin = requestOrigin(req);
  if (!origin) return void res.status(400).type("text/plain").send("Bad Host header.");
  res.locals.origin = origin;
  next();
}

/** A declared Content-Length over the path's limit: 413 before anything is read. */
export function refuseDeclaredOversizedBodies(
  req: ExpressRequest,
  res: ExpressResponse,
  next: NextFunction,
): void {
  const refusal = bodyTooLarge({ path: req.path, contentLength: req.get("Content-Length") });
  if (refusal) refuseWhileReading(req, res, refusal);
  else next();
}

/**
 * A body sent without a declared length (chunked) is read here, up to the path's limit and never
 * past 1 MB, before the route sees it: past that the client gets a 413 at once and the rest is
 * never read. (A declared length is checked before anything is read, in body-limit.ts, and the
 * HTTP parser holds a body to its declared length.) Browsers declare the length of every form and
 * upload, so only scripts send bodies this way, and they can declare a larger one.
 */
export const UNDECLARED_BODY_LIMIT = DEFAULT_BODY_LIMIT;

/** The body, "too_large" past `limit`, or "gone" when the client went away before sending it all. */
function readUndeclaredBody(
  req: ExpressRequest,
  limit: number,
): Promise<Buffer | "too_large" | "gone"> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off("data", onData);
        req.pause();
        resolve("too_large");
      } else chunks.push(chunk);
    };
    req.on("data", onData);
    req.on("end", () => resolve(Buffer.concat(chunks)));
    // An aborted upload is the client's doing: nothing to answer, nothing to log.
    req.on("error", () => resolve("gone"));
    req.on("close", () => req.complete || resolve("gone"));
  });
}

/**
 * Answers 413 while the client is still sending. The answer goes out whole at once (its length
 * tells the client it is complete), but the response is ended, and with it the connection that
 * the client may have asked to close, only once the client stops sending or after a moment: a
 * socket closed with unread data resets the connection, and a client still writing would lose
 * the 413 (nginx calls this a lingering close). What arrives meanwhile is dropped, not kept.
 */
const LINGER_MS = 3_000;
function refuseWhileReading(req: ExpressRequest, res: ExpressResponse, message: string): void {
  res.status(413).set({
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(message)),
  });
  res.write(message);
  const finish = () => {
    clearTimeout(timer);
    if (!res.writableEnded) res.end();
  };
  const timer = setTimeout(() => {
    finish();
    req.destroy();
  }, LINGER_MS);
  timer.unref();
  req.on("end", finish);
  req.on("close", finish);
  req.on("data", () => {});
  req.resume();
}

function remixHeaders(requestHeaders: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [key, values] of Object.entries(requestHeaders)) {
    if (values === undefined) continue;
    for (const value of Array.isArray(values) ? values : [values]) headers.append(key, value);
  }
  return headers;
}

/**
 * The Remix request handler for express (what @remix-run/express does, plus the checks above:
 * the origin comes from requireOrigin, and a body without a declared length is bounded).
 */
export function createRemixHandler({
  build,
  mode,
  getLoadContext,
}: {
  build: ServerBuild;
  mode: string;
  getLoadContext: (req: ExpressRequest) => AppLoadContext;
}) {
  const handleRequest = createRemixRequestHandler(build, mode);
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      const origin = (res.locals.origin as string | undefined) ?? requestOrigin(req);
      if (!origin) return void res.status(400).type("text/plain").send("Bad Host header.");
      let controller: AbortController | null = new AbortController();
      const init: RequestInit & { duplex?: "half" } = {
        method: req.method,
        headers: remixHeaders(req.headers),
        signal: controller.signal,
      };
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      if (
        req.headers["content-length"] === undefined &&
        req.headers["transfer-encoding"] !== undefined
      ) {
        const limit = Math.min(bodyLimitFor(req.path), UNDECLARED_BODY_LIMIT);
        const body = await readUndeclaredBody(req, limit);
        if (body === "gone") return;
        if (body === "too_large") {
          refuseWhileReading(
            req,
            res,
            `A request body without a Content-Length may be at most ${limit} bytes here.`,
          );
          return;
        }
        if (hasBody) init.body = new Uint8Array(body);
      } else if (hasBody) {
        init.body = createReadableStreamFromReadable(req);
        init.duplex = "half";
      }
      res.on("finish", () => (controller = null));
      res.on("close", () => controller?.abort());
      const response = await handleRequest(
        new Request(`${origin}${req.originalUrl}`, init),
        getLoadContext(req),
      );
      res.statusMessage = response.statusText;
      res.status(response.status);
      for (const [key, value] of response.headers.entries()) res.append(key, value);
      if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? ""))
        res.flushHeaders();
      if (response.body) await writeReadableStreamToWritable(response.body, res);
      else res.end();
    } catch (error) {
      next(error);
    }
  };
}
