import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs } from "@remix-run/node";

export type RouteFn = (args: LoaderFunctionArgs & ActionFunctionArgs) => unknown;

export interface RouteResult<T = unknown> {
  status: number;
  headers: Headers;
  data: T;
}

/**
 * Runs a loader or action the way Remix would and normalises data(), Response and throws; any
 * other throw (a ZodError, a database error) is what Remix answers it with: a 500. Pass `request`
 * for a request the options cannot describe (a multipart body, a raw URL), and `context` for what
 * server.ts puts there (the client's address).
 */
export async function callRoute<T = unknown>(
  fn: RouteFn,
  {
    url = "http://localhost/",
    method = "GET",
    form,
    cookie,
    params = {},
    request: given,
    context = {},
  }: {
    url?: string;
    method?: string;
    form?: Record<string, string>;
    cookie?: string | null;
    params?: Record<string, string>;
    request?: Request;
    context?: AppLoadContext;
  } = {},
): Promise<RouteResult<T>> {
  const headers = new Headers();
  if (cookie) headers.set("Cookie", cookie);
  const request =
    given ??
    new Request(url, {
      method,
      headers,
      body: form ? new URLSearchParams(form) : undefined,
    });
  let value: unknown;
  try {
    value = await fn({ request, params, context });
  } catch (thrown) {
    if (!(thrown instanceof Response))
      return { status: 500, headers: new Headers(), data: thrown as T };
    value = thrown;
  }
  if (value instanceof Response) {
    const text = await value.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // plain text body
    }
    return { status: value.status, headers: value.headers, data: parsed as T };
  }
  if (
    value &&
    typeof value === "object" &&
    (value as { type?: unknown }).type === "DataWithResponseInit"
  ) {
    const d = value as unknown as { data: T; init?: ResponseInit | null };
    return { status: d.init?.status ?? 200, headers: new Headers(d.init?.headers), data: d.data };
  }
  return { status: 200, headers: new Headers(), data: value as T };
}

/** The cookie pair a Set-Cookie header asks the browser to keep. */
export function cookieFrom(headers: Headers): string | null {
  const set = headers.get("Set-Cookie");
  return set ? set.split(";")[0]! : null;
}
