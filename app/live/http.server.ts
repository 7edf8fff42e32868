import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { crossSiteRefusal } from "../auth/csrf";
import { submitClaim, MAX_CLAIM_QUANTITY, type ClaimAnswer } from "./claims.server";
import { saleIdForCode } from "./lookup.server";
import { shopperOf } from "./shopper.server";
import { saleChanged, saleStock, watchSale, type SaleStock } from "./stock.server";
import { joinWaitlist, myPlace } from "./waitlist.server";

/*
 * The live endpoints, answered by a bare node:http handler ahead of express and Remix (server.ts):
 * a host pins a sale and thousands press "buy" in the same second. Each claim joins its sale's
 * queue (claims.server.ts); stock reads share one query per sale per tick; an event stream per
 * viewer shares the sale's watcher (stock.server.ts).
 *
 *   POST /api/live/:code/claims    {"quantity": n} + Idempotency-Key → 201 claim | 409 sold_out | 4xx
 *   GET  /api/live/:code/stock     → {"remaining","claimed","sold","endsAt",…}
 *   GET  /api/live/:code/events    → text/event-stream of the same, as it changes
 *   GET  /api/live/:code/me        → this visitor's claim and place in line
 *   POST /api/live/:code/waitlist  {"quantity": n, "email"?} → place in line
 */

export const LIVE_PREFIX = "/api/live/";
const MAX_BODY = 1024;
const KEY = /^[A-Za-z0-9_.:-]{8,100}$/;
const ROUTE = /^\/api\/live\/([^/?#]{1,64})\/(claims|stock|events|me|waitlist)\/?(?:\?.*)?$/;

const claimBody = z.object({ quantity: z.number().int().min(1).max(MAX_CLAIM_QUANTITY) }).strict();
const waitBody = z
  .object({
    quantity: z.number().int().min(1).max(MAX_CLAIM_QUANTITY),
    email: z.string().trim().email().max(254).optional(),
  })
  .strict();

type Answer = { status: number; body: unknown; headers?: Record<string, string> };
const error = (status: number, code: string, message: string): Answer => ({
  status,
  body: { error: code, message },
});

export interface LiveHttpOptions {
  /** False while the server starts: everything is 503. */
  ready: () => boolean;
  /** The site's origin for the cross-site check (PUBLIC_URL, or the request's own). */
  siteOrigin: (req: IncomingMessage) => string | undefined;
}

/** Answers a request under /api/live/; never throws. */
export async function handleLiveRequest(
  req: IncomingMessage,
  res: ServerResponse,
  options: LiveHttpOptions,
): Promise<void> {
  try {
    const answer = await route(req, res, options);
    if (answer) send(res, answer);
  } catch (e) {
    console.error("live endpoint failed:", e);
    if (!res.headersSent) send(res, error(503, "unavailable", "Try again in a moment."));
    else res.end();
  }
}

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  options: LiveHttpOptions,
): Promise<Answer | null> {
  const m = ROUTE.exec(req.url ?? "");
  if (!m) return drained(req, error(404, "not_found", "No such live endpoint."));
  const [, code, what] = m as unknown as [string, string, string];
  const method = req.method ?? "GET";
  const post = what === "claims" || what === "waitlist";
  if (post ? method !== "POST" : method !== "GET" && method !== "HEAD") {
    return drained(req, {
      ...error(405, "method_not_allowed", `Use ${post ? "POST" : "GET"}.`),
      headers: { Allow: post ? "POST" : "GET, HEAD" },
    });
  }
  if (!options.ready())
    return drained(req, {
      ...error(503, "starting", "Starting up, try again in a moment."),
      headers: { "Retry-After": "2" },
    });
  if (post) {
    const refusal = crossSiteRefusal({
      method,
      path: req.url ?? "/",
      secFetchSite: header(req, "sec-fetch-site"),
      origin: header(req, "origin"),
      siteOrigin: options.siteOrigin(req) ?? "",
    });
    if (refusal)
      return drained(req, error(403, "cross_site", `Cross-site request refused: ${refusal}.`));
  }
  const saleId = await saleIdForCode(decodedCode(code));
  if (!saleId) return drained(req, error(404, "not_found", "No flash sale has this code."));

  if (what === "stock") {
    const stock = await saleStock(saleId);
    return stock
      ? { status: 200, body: stock, headers: { "Cache-Control": "no-cache" } }
      : error(404, "not_found", "No flash sale has this code.");
  }
  if (what === "events") return stream(req, res, saleId);

  const shopper = await shopperOf(req.headers.cookie);
  const cookie = shopper.setCookie ? { "Set-Cookie": shopper.setCookie } : undefined;
  const withCookie = (a: Answer): Answer => ({ ...a, headers: { ...a.headers, ...cookie } });
  if (what === "me") {
    req.resume();
    return withCookie({
      status: 200,
      body: await myPlace(saleId, shopper.key),
      headers: { "Cache-Control": "no-store" },
    });
  }

  const body = await readJson(req);
  if ("status" in body) return withCookie(body);
  if (what === "waitlist") {
    const parsed = waitBody.safeParse(body.json);
    if (!parsed.success) return withCookie(error(422, "invalid", issueOf(parsed.error)));
    const joined = await joinWaitlist({ saleId, shopper, ...parsed.data });
    if (joined.ok) return withCookie({ status: 201, body: joined.place });
    return withCookie(
      joined.limit === undefined
        ? error(409, joined.error, joined.message)
        : {
            status: 422,
            body: { error: joined.error, message: joined.message, limit: joined.limit },
          },
    );
  }

  const key = header(req, "idempotency-key");
  if (!key)
    return withCookie(error(400, "idempotency_key_missing", "Send an Idempotency-Key header."));
  if (!KEY.test(key))
    return withCookie(
      error(
        400,
        "idempotency_key_invalid",
        "An Idempotency-Key is 8–100 letters, digits or - _ . :",
      ),
    );
  // The tick's own claims for the line are keyed `waitlist:<entry>`.
  if (/^waitlist:/i.test(key))
    return withCookie(
      error(
        400,
        "idempotency_key_invalid",
        "Idempotency-Keys starting with waitlist: are reserved.",
      ),
    );
  let quantity = claimQuantity(body.json);
  if (quantity === null) {
    const parsed = claimBody.safeParse(body.json);
    if (!parsed.success) return withCookie(error(422, "invalid", issueOf(parsed.error)));
    quantity = parsed.data.quantity;
  }
  const answer = await submitClaim(saleId, {
    key,
    shopperKey: shopper.key,
    userId: shopper.userId,
    quantity,
  });
  if (answer.ok && !answer.replay) saleChanged(saleId);
  return withCookie(claimAnswer(answer));
}

/**
 * The quantity of a well-formed claim body (`{"quantity": n}`, n a whole number in range, no other
 * key) without zod's parse; null for anything else, which claimBody then refuses with its message.
 */
function claimQuantity(json: unknown): number | null {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return null;
  let n = 0;
  for (const k in json) if (++n > 1 || k !== "quantity") return null;
  const q = (json as { quantity?: unknown }).quantity;
  return typeof q === "number" && Number.isInteger(q) && q >= 1 && q <= MAX_CLAIM_QUANTITY
    ? q
    : null;
}

function claimAnswer(a: ClaimAnswer): Answer {
  if (a.ok)
    return {
      status: a.replay ? 200 : 201,
      body: { claimId: a.claimId, quantity: a.quantity, expiresAt: a.expiresAt.toISOString() },
    };
  switch (a.error) {
    case "sold_out":
      return error(409, "sold_out", "Sold out. Join the waitlist to get a unit someone lets go.");
    case "not_started":
      return error(409, "not_started", "This sale has not started yet.");
    case "ended":
      return error(409, "ended", "This sale has ended.");
    case "paused":
      return error(409, "paused", "The host has paused this sale; try again in a moment.");
    case "over_limit":
      return {
        status: 422,
        body: {
          error: "over_limit",
          message: `Each shopper may claim at most ${a.limit ?? 0} more.`,
          limit: a.limit ?? 0,
        },
      };
    case "key_reused":
      return error(422, "idempotency_key_reused", "That Idempotency-Key was used by someone else.");
    default:
      return error(404, "not_found", "No flash sale has this code.");
  }
}

/** text/event-stream of the sale's stock as it changes; a comment every 15 s keeps proxies open. */
function stream(req: IncomingMessage, res: ServerResponse, saleId: string): null {
  req.resume();
  res.writeHead(200, {
    "Content-Type": "text/event-stream; charset=utf-8",
    "Cache-Control": "no-cache, no-transform",
    Connection: "keep-alive",
    "X-Accel-Buffering": "no",
  });
  res.write("retry: 2000\n\n");
  const stop = watchSale(saleId, (stock: SaleStock) => {
    res.write(`data: ${JSON.stringify(stock)}\n\n`);
  });
  const beat = setInterval(() => res.write(": keep-alive\n\n"), 15_000);
  const close = () => {
    clearInterval(beat);
    stop();
  };
  // The response's close, not the request's: since Node 16 a request emits "close" once its
  // (empty) body is read, which unsubscribed every stream right after its first line.
  res.on("close", close);
  res.on("error", close);
  return null;
}

/** The code as written; a malformed percent-escape (`%E0%A4%A`) is no code rather than a 503. */
function decodedCode(code: string): string {
  try {
    return decodeURIComponent(code);
  } catch {
    return "";
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Drains an unread body so the connection stays usable, and answers. */
function drained(req: IncomingMessage, a: Answer): Answer {
  req.resume();
  return a;
}

async function readJson(req: IncomingMessage): Promise<{ json: unknown } | Answer> {
  const type = (header(req, "content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json")
    return drained(req, error(415, "unsupported_media_type", "Send the body as application/json."));
  if (Number(header(req, "content-length") ?? 0) > MAX_BODY)
    return drained(req, error(413, "too_large", "The body is too large."));
  // A claim's few bytes came with its headers: by the time the route has looked up the sale the
  // parser has the whole body buffered, and it is read at once (no listeners, no promise).
  const raw = req.complete ? bufferedBody(req) : await readBody(req);
  if (!raw) return error(413, "too_large", "The body is too large.");
  try {
    return { json: JSON.parse(raw.toString("utf8")) as unknown };
  } catch {
    return error(400, "invalid_json", "The body is not valid JSON.");
  }
}

function bufferedBody(req: IncomingMessage): Buffer | null {
  const chunks: Buffer[] = [];
  let size = 0;
  for (let c: Buffer | null; (c = req.read() as Buffer | null) !== null;) {
    size += c.length;
    if (size <= MAX_BODY) chunks.push(c);
  }
  return size > MAX_BODY ? null : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise<Buffer | null>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on("end", () => resolve(size > MAX_BODY ? null : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function issueOf(e: z.ZodError): string {
  const issue = e.issues[0];
  if (!issue) return "Invalid body.";
  if (issue.path[0] === "quantity")
    return `quantity must be a whole number from 1 to ${MAX_CLAIM_QUANTITY}.`;
  return `${issue.path.join(".") || "body"}: ${issue.message}`;
}

function send(res: ServerResponse, { status, body, headers }: Answer): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(json),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    ...headers,
  });
  res.end(json);
}
