import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "./env.server";

let cached: string | undefined;

/**
 * COOKIE_SECRET when set; otherwise a random secret kept in DATA_DIR so a fresh machine
 * works with no configuration and carts survive a restart.
 */
export function cookieSecret(): string {
  if (cached) return cached;
  if (env.COOKIE_SECRET) return (cached = env.COOKIE_SECRET);
  const file = path.resolve(env.DATA_DIR, "cookie-secret");
  try {
    cached = readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(path.dirname(file), { recursive: true });
    cached = randomBytes(32).toString("hex");
    writeFileSync(file, cached, { mode: 0o600, flag: "wx" });
  }
  return cached;
}
