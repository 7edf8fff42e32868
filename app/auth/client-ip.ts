import { isIPv6 } from "node:net";
import type { AppLoadContext } from "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address as express sees it (`req.ip`), set by `getLoadContext` in server.ts. */
    clientIp?: string;
  }
}

/**
 * The client address that per-address limits count; "unknown" outside the express server (tests,
 * scripts). An IPv6 client counts by its /64: one subscriber is handed a whole /64, so counting
 * single addresses would let anyone rotate past every limit.
 */
export function clientIp(context: AppLoadContext | undefined): string {
  const ip = context?.clientIp;
  if (typeof ip !== "string" || ip.length === 0) return "unknown";
  const address = ip.replace(/^::ffff:/i, "").replace(/%.*$/, "");
  return isIPv6(address) ? ipv6Slash64(address) : address;
}

function ipv6Slash64(address: string): string {
  const [head = "", tail] = address.split("::");
  const split = (part: string) =>
    part ? part.split(":").flatMap((g) => (g.includes(".") ? ["0", "0"] : [g])) : [];
  // "::" stands for as many zero groups as it takes to make eight (an IPv4 tail is two).
  const groups =
    tail === undefined
      ? split(head)
      : [
          ...split(head),
          ...Array<string>(8 - split(head).length - split(tail).length).fill("0"),
          ...split(tail),
        ];
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(":")}::/64`;
}
