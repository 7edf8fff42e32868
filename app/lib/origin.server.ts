import { env } from "./env.server";

/** The public origin for absolute links: PUBLIC_URL when set, else the request's own. */
export function siteOrigin(request: Request): string {
  return env.PUBLIC_URL ?? new URL(request.url).origin;
}

/**
 * The origin for links sent by email (password reset). Never the request's Host header: anyone
 * can send any Host, and a reset link pointing at their site would hand them the token. Without
 * PUBLIC_URL it is the address this server listens on, which is right for a local store.
 */
export function mailOrigin(): string {
  if (env.PUBLIC_URL) return new URL(env.PUBLIC_URL).origin;
  const host = env.HOST === "0.0.0.0" || env.HOST === "::" ? "127.0.0.1" : env.HOST;
  return `http://${host.includes(":") ? `[${host}]` : host}:${env.PORT}`;
}
