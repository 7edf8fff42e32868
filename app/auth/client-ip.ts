import type { AppLoadContext } from "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address as express sees it (`req.ip`), set by `getLoadContext` in server.ts. */
    clientIp?: string;
  }
}

/** The client address for per-address limits; "unknown" outside the express server (tests, scripts). */
export function clientIp(context: AppLoadContext | undefined): string {
  const ip = context?.clientIp;
  return typeof ip === "string" && ip.length > 0 ? ip.replace(/^::ffff:/, "") : "unknown";
}
