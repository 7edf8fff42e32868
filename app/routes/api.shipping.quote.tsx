import type { ActionFunctionArgs } from "@remix-run/node";
import { MAX_QUOTE_BODY_BYTES, TOO_LARGE, answerQuote } from "~/shipping/quote-api.server";

const notAllowed = () =>
  Response.json(
    { error: "method_not_allowed", message: "use POST with a JSON body" },
    { status: 405, headers: { Allow: "POST" } },
  );

export function loader() {
  return notAllowed();
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return notAllowed();
  // Refuse a declared oversize body before reading it.
  const tooLarge = Number(request.headers.get("Content-Length") ?? 0) > MAX_QUOTE_BODY_BYTES;
  const { status, body } = tooLarge ? TOO_LARGE : await answerQuote(await request.text());
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}
