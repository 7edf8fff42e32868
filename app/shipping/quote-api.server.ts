import { publicQuote, quote } from "./quote";
import { parseQuoteRequest } from "./schemas";
import { loadTariff } from "./tariffs.server";

/** A request body larger than this is no honest quote (100 items of JSON are ~15 kB). */
export const MAX_QUOTE_BODY_BYTES = 64 * 1024;

export interface QuoteAnswer {
  status: 200 | 405 | 413 | 422;
  body: object;
}

export const TOO_LARGE: QuoteAnswer = {
  status: 413,
  body: { error: "too_large", message: `the body must be at most ${MAX_QUOTE_BODY_BYTES} bytes` },
};

/**
 * `POST /api/shipping/quote` from its raw body to status and JSON, shared by the Remix route
 * and any lean handler: parse, load the (cached) tariff, quote, strip the parcels' contents.
 */
export async function answerQuote(rawBody: string): Promise<QuoteAnswer> {
  if (rawBody.length > MAX_QUOTE_BODY_BYTES) return TOO_LARGE;
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return {
      status: 422,
      body: { error: "invalid_json", message: "the body must be a JSON object" },
    };
  }
  const parsed = parseQuoteRequest(json);
  if (!parsed.ok) return { status: 422, body: refusal(parsed) };
  const outcome = quote(parsed.request, await loadTariff());
  if (!outcome.ok) return { status: 422, body: refusal(outcome) };
  return { status: 200, body: publicQuote(outcome.quote) };
}

function refusal({ error, message, field }: { error: string; message: string; field?: string }) {
  return field ? { error, message, field } : { error, message };
}
