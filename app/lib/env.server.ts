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
  // Signs POST /webhooks/carrier; a development default is used unless NODE_ENV=production.
  CARRIER_WEBHOOK_SECRET: z.string().min(16).optional(),
});

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
