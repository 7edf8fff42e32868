import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";

/**
 * A small stand-in for api.stripe.com that speaks the endpoints the app uses, so tests drive the
 * REAL stripe SDK over HTTP (host/port/protocol options). It behaves like Stripe where our code
 * depends on it: form-encoded bodies with bracket keys, `Authorization: Bearer sk_test_…`,
 * idempotency keys (same key → the stored response replayed; same key, different body → 400),
 * the 30-minute minimum on `expires_at`, refund totals capped at the amount paid.
 */
export interface RecordedRequest {
  method: string;
  path: string;
  idempotencyKey: string | null;
  body: Record<string, unknown>;
  status: number;
  replayed: boolean;
}

export interface FakeSession {
  id: string;
  object: "checkout.session";
  url: string | null;
  status: "open" | "complete" | "expired";
  payment_status: "paid" | "unpaid";
  mode: string;
  currency: string;
  amount_total: number;
  client_reference_id: string | null;
  customer_email: string | null;
  metadata: Record<string, string>;
  payment_intent: string | null;
  expires_at: number;
  success_url: string;
  cancel_url: string;
  line_items: unknown[];
  allowed_payment_method_types: string[] | null;
  payment_method_options: unknown;
  created: number;
}

export interface FakeStripe {
  url: string;
  host: string;
  port: number;
  protocol: "http";
  secretKey: string;
  requests: RecordedRequest[];
  sessions: Map<string, FakeSession>;
  refunds: Map<string, { id: string; payment_intent: string; amount: number; status: string }>;
  /** Marks a session paid (as if the shopper paid at Stripe) and returns it, with its payment intent. */
  completeSession(id: string): FakeSession;
  /** The next `n` requests are processed and stored, then the connection is cut before the answer. */
  dropResponses(n: number): void;
  close(): Promise<void>;
}

type Answer = { status: number; body: unknown };

export async function startFakeStripe({
  secretKey = "sk_test_fake_0123456789",
}: { secretKey?: string } = {}): Promise<FakeStripe> {
  const requests: RecordedRequest[] = [];
  const sessions = new Map<string, FakeSession>();
  const refunds = new Map<
    string,
    { id: string; payment_intent: string; amount: number; status: string }
  >();
  const charges = new Map<string, { amount: number; refunded: number }>();
  const idempotent = new Map<string, { fingerprint: string; answer: Answer }>();
  let drop = 0;
  let origin = "";

  const error = (
    status: number,
    type: string,
    message: string,
    extra: Record<string, unknown> = {},
  ): Answer => ({
    status,
    body: { error: { type, message, ...extra } },
  });

  function route(method: string, path: string, body: Record<string, unknown>): Answer {
    if (method === "POST" && path === "/v1/checkout/sessions") return createSession(body);
    const m = /^\/v1\/checkout\/sessions\/([^/]+)(\/expire)?$/.exec(path);
    if (m) {
      const session = sessions.get(decodeURIComponent(m[1]!));
      if (!session)
        return error(404, "invalid_request_error", `No such checkout.session: '${m[1]}'`, {
          code: "resource_missing",
        });
      if (method === "GET" && !m[2]) return { status: 200, body: session };
      if (method === "POST" && m[2]) {
        if (session.status !== "open") {
          return error(
            400,
            "invalid_request_error",
            `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`,
          );
        }
        session.status = "expired";
        session.url = null;
        return { status: 200, body: session };
      }
    }
    if (method === "POST" && path === "/v1/refunds") return createRefund(body);
    return error(404, "invalid_request_error", `Unrecognized request URL (${method}: ${path})`);
  }

  function createSession(body: Record<string, unknown>): Answer {
    const now = Math.floor(Date.now() / 1000);
    const items = Array.isArray(body.line_items)
      ? (body.line_items as Record<string, Record<string, unknown>>[])
      : [];
    // Removed from sessions in the API version stripe 23 pins (allowed_payment_method_types replaced it).
    if ("payment_method_types" in body)
      return error(
        400,
        "invalid_request_error",
        "Received unknown parameter: payment_method_types",
        { param: "payment_method_types" },
      );
    if (body.mode !== "payment")
      return error(400, "invalid_request_error", "Missing required param: mode.", {
        param: "mode",
      });
    if (items.length === 0)
      return error(400, "invalid_request_error", "line_items is required in payment mode.", {
        param: "line_items",
      });
    const expiresAt = body.expires_at === undefined ? now + 24 * 3600 : Number(body.expires_at);
    if (!(expiresAt >= now + 30 * 60)) {
      return error(
        400,
        "invalid_request_error",
        "The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.",
        { param: "expires_at" },
      );
    }
    let amount = 0;
    let currency = typeof body.currency === "string" ? body.currency : undefined;
    for (const item of items) {
      const price = item.price_data as Record<string, unknown> | undefined;
      const unit = Number(price?.unit_amount);
      const qty = Number(item.quantity);
      if (!price || !Number.isInteger(unit) || unit < 0 || !Number.isInteger(qty) || qty < 1) {
        return error(
          400,
          "invalid_request_error",
          "Invalid line_items: price_data.unit_amount and quantity are required integers.",
          { param: "line_items" },
        );
      }
      if (currency && price.currency !== currency)
        return error(400, "invalid_request_error", "All line items must share one currency.");
      currency ??= String(price.currency);
      amount += unit * qty;
    }
    const id = `cs_test_${randomBytes(12).toString("hex")}`;
    const session: FakeSession = {
      id,
      object: "checkout.session",
      url: `${origin}/c/pay/${id}`,
      status: "open",
      payment_status: "unpaid",
      mode: "payment",
      currency: String(currency),
      amount_total: amount,
      client_reference_id: (body.client_reference_id as string) ?? null,
      customer_email: (body.customer_email as string) ?? null,
      metadata: (body.metadata as Record<string, string>) ?? {},
      payment_intent: null,
      expires_at: expiresAt,
      success_url: String(body.success_url ?? ""),
      cancel_url: String(body.cancel_url ?? ""),
      line_items: items,
      allowed_payment_method_types: (body.allowed_payment_method_types as string[]) ?? null,
      payment_method_options: body.payment_method_options ?? null,
      created: now,
    };
    sessions.set(id, session);
    return { status: 200, body: session };
  }

  function createRefund(body: Record<string, unknown>): Answer {
    const pi = typeof body.payment_intent === "string" ? body.payment_intent : "";
    const charge = charges.get(pi);
    if (!charge)
      return error(400, "invalid_request_error", `No such payment_intent: '${pi}'`, {
        code: "resource_missing",
        param: "payment_intent",
      });
    const amount =
      body.amount === undefined ? charge.amount - charge.refunded : Number(body.amount);
    if (!Number.isInteger(amount) || amount < 1)
      return error(400, "invalid_request_error", "Invalid positive integer", { param: "amount" });
    if (charge.refunded + amount > charge.amount) {
      return error(
        400,
        "invalid_request_error",
        `Refund amount (${amount}) is greater than unrefunded amount on charge (${charge.amount - charge.refunded})`,
        { code: "amount_too_large" },
      );
    }
    charge.refunded += amount;
    const refund = {
      id: `re_test_${randomBytes(12).toString("hex")}`,
      object: "refund",
      payment_intent: pi,
      amount,
      currency: "cny",
      status: "succeeded",
      metadata: body.metadata ?? {},
    };
    refunds.set(refund.id, refund);
    return { status: 200, body: refund };
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const raw = await readBody(req);
    const url = new URL(req.url ?? "/", "http://fake");
    const method = req.method ?? "GET";
    const body = method === "GET" ? parseForm(url.search.slice(1)) : parseForm(raw);
    const key = header(req, "idempotency-key");
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      idempotencyKey: key,
      body,
      status: 0,
      replayed: false,
    };
    requests.push(record);

    let answer: Answer;
    const auth = header(req, "authorization") ?? "";
    if (auth !== `Bearer ${secretKey}`) {
      answer = error(401, "invalid_request_error", "Invalid API Key provided");
    } else if (key && method === "POST") {
      const fingerprint = createHash("sha256")
        .update(`${method} ${url.pathname}\n${raw}`)
        .digest("hex");
      const seen = idempotent.get(key);
      if (seen && seen.fingerprint !== fingerprint) {
        answer = error(
          400,
          "idempotency_error",
          `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        );
      } else if (seen) {
        answer = seen.answer;
        record.replayed = true;
      } else {
        answer = route(method, url.pathname, body);
        // Stripe stores the result of a request that ran, success or refusal, but not a 5xx.
        if (answer.status < 500) idempotent.set(key, { fingerprint, answer });
      }
    } else {
      answer = route(method, url.pathname, body);
    }
    record.status = answer.status;
    if (drop > 0) {
      drop--;
      req.socket.destroy();
      return;
    }
    res.writeHead(answer.status, {
      "Content-Type": "application/json",
      "Request-Id": `req_${randomBytes(6).toString("hex")}`,
      ...(record.replayed ? { "Idempotent-Replayed": "true" } : {}),
      ...(key ? { "Idempotency-Key": key } : {}),
    });
    res.end(JSON.stringify(answer.body));
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      res.writeHead(500, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ error: { type: "api_error", message: String(e) } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: origin,
    host: "127.0.0.1",
    port,
    protocol: "http",
    secretKey,
    requests,
    sessions,
    refunds,
    completeSession(id) {
      const session = sessions.get(id);
      if (!session) throw new Error(`no fake session ${id}`);
      session.status = "complete";
      session.payment_status = "paid";
      session.payment_intent ??= `pi_test_${randomBytes(12).toString("hex")}`;
      charges.set(session.payment_intent, { amount: session.amount_total, refunded: 0 });
      return session;
    },
    dropResponses(n) {
      drop = n;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function header(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** `a[b][0][c]=1&a[b][1][c]=2` → `{ a: { b: [{ c: "1" }, { c: "2" }] } }`, as Stripe reads the SDK's bodies. */
export function parseForm(text: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const parts = key.split(/\[|\]\[|\]/).filter((p, i) => p !== "" || i === 0);
    let node: Record<string, unknown> | unknown[] = root;
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      const slot = part === "" && Array.isArray(node) ? String(node.length) : part;
      const container = node as Record<string, unknown>;
      if (last) {
        container[slot] = value;
        return;
      }
      const nextIsIndex = /^\d+$/.test(parts[i + 1]!) || parts[i + 1] === "";
      container[slot] ??= nextIsIndex ? [] : {};
      node = container[slot] as Record<string, unknown> | unknown[];
    });
  }
  return root;
}

/** A webhook delivery signed the way Stripe signs it, with the SDK's own test helper. */
export function signedStripeEvent({
  secret,
  type,
  object,
  id = `evt_test_${randomBytes(10).toString("hex")}`,
  timestamp = Math.floor(Date.now() / 1000),
}: {
  secret: string;
  type: string;
  object: unknown;
  id?: string;
  timestamp?: number;
}): { id: string; body: string; signature: string } {
  const body = JSON.stringify(
    {
      id,
      object: "event",
      api_version: Stripe.API_VERSION,
      created: timestamp,
      type,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object },
    },
    null,
    2,
  );
  return {
    id,
    body,
    signature: Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp }),
  };
}
