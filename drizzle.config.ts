import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: [
    "./db/schema.ts",
    "./db/auth-schema.ts",
    "./db/shipping-schema.ts",
    "./db/orders-schema.ts",
    "./db/live-schema.ts",
    "./db/presale-schema.ts",
    "./db/groupbuy-schema.ts",
  ],
  out: "./db/migrations",
});
