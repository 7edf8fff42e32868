import { isIP } from "node:net";
import { z } from "zod";

// The one place that reads process.env (STYLE rule 8).
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  DATA_DIR: z.string().default("./data"),
  PGLITE_DIR: z.string().optional(),
  COOKIE_SECRET: z.string().min(16).optional(),
  SEED_ON_START: z
    .enum(["0", "1"])
    .default("1")
    .transform((v) => v === "1"),
  PUBLIC_URL: z.string().url().optional(),
  // Express `trust proxy`: unset or 0 trusts no proxy (the socket's address is the client's); a
  // number of hops, or a comma list of proxy addresses/subnets ("loopback", "10.0.0.0/8"), makes
  // X-Forwarded-For/-Proto/-Host count, so per-address limits see the shopper, not the proxy.
  // "true" is refused: it believes any X-Forwarded-For, so a client could pick its own address.
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((v) => v?.trim() ?? "")
    .refine(
      (v) => v !== "true",
      "TRUST_PROXY=true would trust every client's X-Forwarded-For; give the proxy's address, subnet or a hop count",
    )
    .refine(
      (v) =>
        v === "" ||
        v === "false" ||
        /^\d+$/.test(v) ||
        v.split(",").every((item) => isProxyAddress(item.trim())),
      "TRUST_PROXY takes a hop count or a comma list of addresses, subnets (10.0.0.0/8) and loopback, linklocal or uniquelocal",
    )
    .transform((v): false | number | string =>
      v === "" || v === "0" || v === "false" ? false : /^\d+$/.test(v) ? Number(v) : v,
    ),
  // Signs POST /webhooks/carrier; a development default is used unless NODE_ENV=production.
  CARRIER_WEBHOOK_SECRET: z.string().min(16).optional(),

  // Payments: the simulated provider unless a Stripe key is set (or PAYMENT_PROVIDER says so).
  PAYMENT_PROVIDER: z.enum(["simulated", "stripe"]).optional(),
  STRIPE_SECRET_KEY: z.string().startsWith("sk_").optional(),
  STRIPE_WEBHOOK_SECRET: z.string().startsWith("whsec_").optional(),
  // Where the Stripe SDK sends requests; set only to point it at a local stand-in (tests).
  STRIPE_API_HOST: z.string().optional(),
  STRIPE_API_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  STRIPE_API_PROTOCOL: z.enum(["http", "https"]).optional(),
  // Comma list such as "card,alipay,wechat_pay"; unset lets the Stripe dashboard decide.
  STRIPE_PAYMENT_METHODS: z.string().optional(),

  /** Products on one page of /search (tests set it small to reach page 2 on the demo seed). */
  SEARCH_PAGE_SIZE: z.coerce.number().int().min(1).max(96).default(24),
  /** URLs in one file of the sitemap index (the sitemaps.org limit is 50,000; tests set it small). */
  SITEMAP_PAGE_SIZE: z.coerce.number().int().min(1).max(50_000).default(50_000),

  // Orders: the platform's cut of each cooperative's lines, in basis points (500 = 5 %).
  /** Caps a flash-sale claim batch; 1 is the naive path (scripts/bench-flash-sale.ts compares). */
  LIVE_CLAIM_BATCH: z.coerce.number().int().min(1).max(2_000).default(2_000),
  PLATFORM_FEE_BPS: z.coerce.number().int().min(0).max(10_000).default(500),
  /** How long a capture or void of a held payment is claimed by the run making it (held-payments.server.ts). */
  HOLD_CLAIM_LEASE_SECONDS: z.coerce.number().int().min(1).max(3_600).default(120),
  RESERVATION_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),

  // Background jobs (app/jobs): whether this process works the queue, and how often it looks.
  JOBS_WORKER: z
    .enum(["0", "1"])
    .default("1")
    .transform((v) => v === "1"),
  JOBS_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  JOBS_LEASE_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  /** How many claimed jobs one worker runs at once (their waits on the database overlap). */
  JOBS_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
});

/** What express's proxy-addr takes in a trust list: a named range, an address, or a subnet. */
function isProxyAddress(item: string): boolean {
  if (["loopback", "linklocal", "uniquelocal"].includes(item)) return true;
  const [address, bits, ...rest] = item.split("/");
  const kind = isIP(address ?? "");
  if (kind === 0 || rest.length > 0) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (kind === 4 ? 32 : 128));
}

export type Env = z.infer<typeof schema>;

function parse(): Env {
  const result = schema.safeParse(process.env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return result.data;
}

export const env: Env = parse();
