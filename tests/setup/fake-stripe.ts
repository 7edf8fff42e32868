import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";

/**
 * A small stand-in for api.stripe.com that speaks the endpoints the app uses, so tests drive the
 * REAL stripe SDK over HTTP (host/port/protocol options). It behaves like Stripe where our code
 * depends on it: form-encoded bodies with bracket keys, `Authorization: Bearer sk_test_…`,
 * idempotency keys (same key → the stored response replayed; same key, different body → 400),
 * the 30-minute minimum on `expires_at`, refund totals capped at the amount paid, cards saved by
 * a session with `setup_future_usage` (never Alipay or WeChat Pay) and charged later off-session,
 * and holds: a card paid in a session asking for manual capture (`payment_method_options.card.
 * capture_method` or `payment_intent_data.capture_method`) leaves its PaymentIntent in
 * `requires_capture` (the session `unpaid`), captured in part or whole (`amount_to_capture`) or
 * cancelled; Alipay and WeChat Pay cannot be held (Stripe refuses to be asked) and are charged.
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
  customer_creation: "always" | "if_required" | null;
  customer: string | null;
  created: number;
}

/**
 * How the shopper pays a session, named like Stripe's test payment methods: `pm_card_visa` can be
 * charged later, `pm_card_authenticationRequired` (4000 0027 6000 3184) needs the customer to
 * authenticate every later charge, `pm_card_chargeCustomerFail` (4000 0000 0000 0341) saves but
 * later charges are declined; Alipay and WeChat Pay can never be saved.
 */
export type FakeMethodKind =
  | "pm_card_visa"
  | "pm_card_authenticationRequired"
  | "pm_card_chargeCustomerFail"
  | "alipay"
  | "wechat_pay";

export interface FakePaymentMethod {
  id: string;
  object: "payment_method";
  type: "card" | "alipay" | "wechat_pay";
  customer: string | null;
  card: { brand: string; last4: string } | null;
}

export interface FakePaymentIntent {
  id: string;
  object: "payment_intent";
  amount: number;
  currency: string;
  status: "succeeded" | "requires_payment_method" | "requires_capture" | "canceled";
  capture_method: "automatic" | "manual";
  amount_capturable: number;
  amount_received: number;
  cancellation_reason: string | null;
  customer: string | null;
  payment_method: string | null;
  description: string | null;
  metadata: Record<string, string>;
  last_payment_error: { code: string; decline_code?: string; message: string } | null;
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
  customers: Map<string, { id: string; object: "customer"; email: string | null }>;
  paymentMethods: Map<string, FakePaymentMethod>;
  paymentIntents: Map<string, FakePaymentIntent>;
  /**
   * Marks a session paid (as if the shopper paid at Stripe with `method`, by default a Visa card)
   * and returns it, with its payment intent. A session created with `customer_creation: always`
   * gets its customer, and a card paid in a session with `setup_future_usage` is attached to it.
   */
  completeSession(id: string, method?: FakeMethodKind): FakeSession;
  /** A customer with a saved card of this kind (as an earlier session would have left them). */
  savedCard(kind: Exclude<FakeMethodKind, "alipay" | "wechat_pay">): {
    customer: string;
    paymentMethod: string;
  };
  /** Stripe cancels a hold nobody captured in time (7 days for cards); returns the PaymentIntent. */
  lapseHold(paymentIntentId: string): FakePaymentIntent;
  /** The next `n` requests are answered 500 without being processed (Stripe having an outage). */
  failRequests(n: number): void;
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
  const customers = new Map<string, { id: string; object: "customer"; email: string | null }>();
  const paymentMethods = new Map<string, FakePaymentMethod>();
  const paymentIntents = new Map<string, FakePaymentIntent>();
  // What charging a saved card later does; kept beside the method, never sent to the client.
  const laterOf = new Map<string, FakeMethodKind>();
  // Sessions that asked to hold a card (manual capture) rather than charge it.
  const holdsCards = new Set<string>();
  let fail = 0;
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
    if (method === "POST" && path === "/v1/payment_intents") return createPaymentIntent(body);
    const act = /^\/v1\/payment_intents\/([^/]+)\/(capture|cancel)$/.exec(path);
    if (act && method === "POST") {
      const intent = paymentIntents.get(decodeURIComponent(act[1]!));
      if (!intent)
        return error(404, "invalid_request_error", `No such payment_intent: '${act[1]}'`, {
          code: "resource_missing",
        });
      return act[2] === "capture" ? capture(intent, body) : cancel(intent);
    }
    const pi = /^\/v1\/payment_intents\/([^/]+)$/.exec(path);
    if (pi && method === "GET") {
      const intent = paymentIntents.get(decodeURIComponent(pi[1]!));
      if (!intent)
        return error(404, "invalid_request_error", `No such payment_intent: '${pi[1]}'`, {
          code: "resource_missing",
        });
      const expand = Array.isArray(body.expand) ? body.expand : [];
      return { status: 200, body: expanded(intent, expand) };
    }
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
    const saving = savingRefusal(body);
    if (saving) return saving;
    const holding = holdingRefusal(body);
    if (holding) return holding;
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
      customer_creation: (body.customer_creation as FakeSession["customer_creation"]) ?? null,
      customer: (body.customer as string) ?? null,
      created: now,
    };
    sessions.set(id, session);
    const options = (body.payment_method_options ?? {}) as Record<string, Record<string, unknown>>;
    const intentData = (body.payment_intent_data ?? {}) as Record<string, unknown>;
    if (options.card?.capture_method === "manual" || intentData.capture_method === "manual")
      holdsCards.add(id);
    return { status: 200, body: session };
  }

  /** Stripe's refusals around manual capture on a Checkout Session, or undefined. */
  function holdingRefusal(body: Record<string, unknown>): Answer | undefined {
    const options = (body.payment_method_options ?? {}) as Record<string, Record<string, unknown>>;
    for (const [type, o] of Object.entries(options)) {
      const cm = o?.capture_method;
      if (cm === undefined) continue;
      if (type !== "card" || cm !== "manual")
        return error(
          400,
          "invalid_request_error",
          `Received unknown parameter: payment_method_options[${type}][capture_method]`,
          { param: `payment_method_options[${type}][capture_method]` },
        );
    }
    const intentData = (body.payment_intent_data ?? {}) as Record<string, unknown>;
    const allowed = Array.isArray(body.allowed_payment_method_types)
      ? (body.allowed_payment_method_types as string[])
      : [];
    const unholdable = allowed.find((t) => t === "alipay" || t === "wechat_pay");
    if (intentData.capture_method === "manual" && unholdable)
      return error(
        400,
        "invalid_request_error",
        `The payment method type \`${unholdable}\` does not support manual capture.`,
        { param: "payment_intent_data[capture_method]" },
      );
    return undefined;
  }

  function unexpectedState(intent: FakePaymentIntent, action: string, allowed: string[]): Answer {
    return error(
      400,
      "invalid_request_error",
      `This PaymentIntent could not be ${action} because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be ${action}: ${allowed.join(", ")}.`,
      { code: "payment_intent_unexpected_state", payment_intent: intent },
    );
  }

  function capture(intent: FakePaymentIntent, body: Record<string, unknown>): Answer {
    if (intent.status !== "requires_capture")
      return unexpectedState(intent, "captured", ["requires_capture"]);
    const amount =
      body.amount_to_capture === undefined
        ? intent.amount_capturable
        : Number(body.amount_to_capture);
    if (!Number.isInteger(amount) || amount < 1 || amount > intent.amount_capturable)
      return error(
        400,
        "invalid_request_error",
        `amount_to_capture must be at most the capturable amount (${intent.amount_capturable})`,
        { param: "amount_to_capture", code: "amount_too_large" },
      );
    // The rest of the hold is released with the capture.
    intent.status = "succeeded";
    intent.amount_received = amount;
    intent.amount_capturable = 0;
    charges.set(intent.id, { amount, refunded: 0 });
    return { status: 200, body: intent };
  }

  function cancel(intent: FakePaymentIntent): Answer {
    const cancellable = [
      "requires_payment_method",
      "requires_capture",
      "requires_confirmation",
      "requires_action",
      "processing",
    ];
    if (!cancellable.includes(intent.status))
      return unexpectedState(intent, "canceled", cancellable);
    intent.status = "canceled";
    intent.amount_capturable = 0;
    intent.cancellation_reason = "requested_by_customer";
    return { status: 200, body: intent };
  }

  /** Stripe's refusals around saving a method on a Checkout Session, or undefined. */
  function savingRefusal(body: Record<string, unknown>): Answer | undefined {
    if (body.customer_creation !== undefined) {
      if (!["always", "if_required"].includes(String(body.customer_creation)))
        return error(400, "invalid_request_error", "Invalid customer_creation", {
          param: "customer_creation",
        });
      if (body.customer !== undefined)
        return error(
          400,
          "invalid_request_error",
          "You may only specify one of these parameters: customer, customer_creation.",
          { param: "customer_creation" },
        );
    }
    const options = (body.payment_method_options ?? {}) as Record<string, Record<string, unknown>>;
    for (const [type, o] of Object.entries(options)) {
      const sfu = o?.setup_future_usage;
      if (sfu === undefined) continue;
      if (type !== "card" || !["none", "on_session", "off_session"].includes(String(sfu)))
        return error(
          400,
          "invalid_request_error",
          `payment_method_options[${type}][setup_future_usage] is not supported: ${type} cannot be saved for future use.`,
          { param: `payment_method_options[${type}][setup_future_usage]` },
        );
    }
    const intentData = (body.payment_intent_data ?? {}) as Record<string, unknown>;
    const allowed = Array.isArray(body.allowed_payment_method_types)
      ? (body.allowed_payment_method_types as string[])
      : [];
    const unsaveable = allowed.find((t) => t === "alipay" || t === "wechat_pay");
    if (intentData.setup_future_usage !== undefined && unsaveable)
      return error(
        400,
        "invalid_request_error",
        `The payment method type \`${unsaveable}\` does not support setup_future_usage.`,
        { param: "payment_intent_data[setup_future_usage]" },
      );
    return undefined;
  }

  function newCustomer(email: string | null): string {
    const id = `cus_test_${randomBytes(10).toString("hex")}`;
    customers.set(id, { id, object: "customer", email });
    return id;
  }

  function newMethod(kind: FakeMethodKind, customer: string | null): FakePaymentMethod {
    const card = kind !== "alipay" && kind !== "wechat_pay";
    const last4: Record<string, string> = {
      pm_card_visa: "4242",
      pm_card_authenticationRequired: "3184",
      pm_card_chargeCustomerFail: "0341",
    };
    const pm: FakePaymentMethod = {
      id: `pm_test_${randomBytes(10).toString("hex")}`,
      object: "payment_method",
      type: card ? "card" : (kind as "alipay" | "wechat_pay"),
      customer: card ? customer : null,
      card: card ? { brand: "visa", last4: last4[kind]! } : null,
    };
    paymentMethods.set(pm.id, pm);
    laterOf.set(pm.id, kind);
    return pm;
  }

  function expanded(intent: FakePaymentIntent, expand: unknown[]): unknown {
    if (!expand.includes("payment_method") || !intent.payment_method) return intent;
    return { ...intent, payment_method: paymentMethods.get(intent.payment_method) ?? null };
  }

  /** An off-session charge of a saved card, confirmed at once (what chargeSaved sends). */
  function createPaymentIntent(body: Record<string, unknown>): Answer {
    const amount = Number(body.amount);
    if (!Number.isInteger(amount) || amount < 1)
      return error(400, "invalid_request_error", "Invalid positive integer", { param: "amount" });
    if (typeof body.currency !== "string")
      return error(400, "invalid_request_error", "Missing required param: currency.", {
        param: "currency",
      });
    const customer = typeof body.customer === "string" ? body.customer : null;
    if (customer && !customers.has(customer))
      return error(400, "invalid_request_error", `No such customer: '${customer}'`, {
        code: "resource_missing",
        param: "customer",
      });
    const pmId = String(body.payment_method ?? "");
    const pm = paymentMethods.get(pmId);
    if (!pm)
      return error(400, "invalid_request_error", `No such PaymentMethod: '${pmId}'`, {
        code: "resource_missing",
        param: "payment_method",
      });
    if (body.off_session === "true" && (!customer || pm.customer !== customer))
      return error(
        400,
        "invalid_request_error",
        `The provided PaymentMethod ${pm.id} does not belong to the Customer ${customer ?? "(none)"}.`,
        { param: "payment_method" },
      );
    if (body.confirm !== "true")
      return error(400, "invalid_request_error", "The fake only confirms at once (confirm=true).");
    const intent: FakePaymentIntent = {
      id: `pi_test_${randomBytes(12).toString("hex")}`,
      object: "payment_intent",
      amount,
      currency: body.currency,
      status: "succeeded",
      capture_method: "automatic",
      amount_capturable: 0,
      amount_received: amount,
      cancellation_reason: null,
      customer,
      payment_method: pm.id,
      description: typeof body.description === "string" ? body.description : null,
      metadata: (body.metadata as Record<string, string>) ?? {},
      last_payment_error: null,
      created: Math.floor(Date.now() / 1000),
    };
    paymentIntents.set(intent.id, intent);
    const kind = laterOf.get(pm.id);
    const failure =
      kind === "pm_card_authenticationRequired" && body.off_session === "true"
        ? {
            code: "authentication_required",
            decline_code: "authentication_required",
            message: "Your card was declined. This transaction requires authentication.",
          }
        : kind === "pm_card_chargeCustomerFail"
          ? {
              code: "card_declined",
              decline_code: "generic_decline",
              message: "Your card was declined.",
            }
          : null;
    if (failure) {
      intent.status = "requires_payment_method";
      intent.amount_received = 0;
      intent.last_payment_error = failure;
      return error(402, "card_error", failure.message, { ...failure, payment_intent: intent });
    }
    charges.set(intent.id, { amount, refunded: 0 });
    return { status: 200, body: intent };
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
    if (fail > 0) {
      fail--;
      answer = error(500, "api_error", "An unknown error occurred (fake outage)");
    } else if (auth !== `Bearer ${secretKey}`) {
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
    customers,
    paymentMethods,
    paymentIntents,
    completeSession(id, method = "pm_card_visa") {
      const session = sessions.get(id);
      if (!session) throw new Error(`no fake session ${id}`);
      if (session.status === "complete") return session;
      const card = method !== "alipay" && method !== "wechat_pay";
      const held = card && holdsCards.has(id);
      session.status = "complete";
      // A hold is not money received yet: the session stays unpaid until it is captured.
      session.payment_status = held ? "unpaid" : "paid";
      if (session.customer_creation === "always")
        session.customer ??= newCustomer(session.customer_email);
      const options = (session.payment_method_options ?? {}) as Record<
        string,
        Record<string, unknown>
      >;
      const saves = ["on_session", "off_session"].includes(
        String(options.card?.setup_future_usage),
      );
      const pm = newMethod(method, saves ? session.customer : null);
      const intent: FakePaymentIntent = {
        id: `pi_test_${randomBytes(12).toString("hex")}`,
        object: "payment_intent",
        amount: session.amount_total,
        currency: session.currency,
        status: held ? "requires_capture" : "succeeded",
        capture_method: held ? "manual" : "automatic",
        amount_capturable: held ? session.amount_total : 0,
        amount_received: held ? 0 : session.amount_total,
        cancellation_reason: null,
        customer: session.customer,
        payment_method: pm.id,
        description: null,
        metadata: session.metadata,
        last_payment_error: null,
        created: Math.floor(Date.now() / 1000),
      };
      paymentIntents.set(intent.id, intent);
      session.payment_intent = intent.id;
      if (!held) charges.set(intent.id, { amount: session.amount_total, refunded: 0 });
      return session;
    },
    lapseHold(paymentIntentId) {
      const intent = paymentIntents.get(paymentIntentId);
      if (intent?.status !== "requires_capture") throw new Error(`no hold ${paymentIntentId}`);
      intent.status = "canceled";
      intent.amount_capturable = 0;
      intent.cancellation_reason = "automatic";
      return intent;
    },
    savedCard(kind) {
      const customer = newCustomer(null);
      return { customer, paymentMethod: newMethod(kind, customer).id };
    },
    failRequests(n) {
      fail = n;
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
