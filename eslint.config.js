import js from "@eslint/js";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

// The files app/lib/registry.server.ts loads by their name; an import would load them twice.
const registrationFiles = {
  group: ["**/jobs.server", "**/on-*.server"],
  message:
    "Registration files are loaded by app/lib/registry.server.ts, never imported (docs/module-seams.md)",
};
// DESIGN.md's arrows: these announce outcomes to handlers the order side registers.
const noOrdersOrChannels = {
  group: ["**/orders/*", "**/live/*", "**/presale/*", "**/groupbuy/*"],
  message:
    "payments and shipping never import orders or a channel: announce the outcome (outcomes.server.ts, parcel-events.server.ts) and let the order side register its handler",
};
// Catalog is the bottom domain: what composes it with stock lives above both (app/listings).
const catalogStaysBelow = {
  group: ["**/inventory/*", "**/listings/*"],
  message:
    "catalog never imports inventory or listings: compose the two in app/listings, passing the transaction",
};
const noApp = {
  group: ["~/*", "**/app", "**/app/*", "../app/**"],
  message: "db/ imports nothing from app/: move the value into db/ and import it from there",
};

// Only app/inventory writes stock: drizzle writes to its tables, and raw SQL naming them.
const stockTable = "/^(inventory(Levels|Ledger|Reservations)|offerLevels)$/";
const stockSql = String.raw`/\b(insert\s+into|update|delete\s+from)\s+"?(inventory_(levels|ledger|reservations)|offer_levels)\b/i`;
const stockMessage =
  "Only app/inventory writes stock tables: call the inventory function that does it (in your transaction)";
const stockWrites = [
  `CallExpression[callee.property.name=/^(insert|update|delete)$/][arguments.0.name=${stockTable}]`,
  `CallExpression[callee.property.name=/^(insert|update|delete)$/][arguments.0.property.name=${stockTable}]`,
  `TemplateElement[value.raw=${stockSql}]`,
  `Literal[value=${stockSql}]`,
  // Under another name the selectors above would not see a write.
  `ImportSpecifier[imported.name=${stockTable}][local.name!=${stockTable}]`,
].map((selector) => ({ selector, message: stockMessage }));

export default tseslint.config(
  { ignores: ["build/", "public/build/", "data/", "node_modules/", "db/migrations/", ".cache/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks, "jsx-a11y": jsxA11y },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.flatConfigs.recommended.rules,
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-restricted-properties": [
        "error",
        {
          object: "process",
          property: "env",
          message: "Read the environment through app/lib/env.server.ts",
        },
      ],
      "no-restricted-imports": ["error", { patterns: [registrationFiles] }],
    },
  },
  {
    // The env module itself, tests and scripts that start servers with a given environment.
    files: ["app/lib/env.server.ts", "tests/**", "scripts/**", "vitest.config.ts"],
    rules: { "no-restricted-properties": "off" },
  },
  {
    // No import cycles (type-only imports excepted: they are gone at run time). The TypeScript
    // resolver follows the `~/` paths of tsconfig.json.
    files: ["app/**/*.{ts,tsx}", "db/**/*.ts", "server.ts"],
    plugins: { "import-x": importX },
    settings: {
      "import-x/extensions": importX.flatConfigs.typescript.settings["import-x/extensions"],
      "import-x/parsers": importX.flatConfigs.typescript.settings["import-x/parsers"],
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })],
    },
    rules: { "import-x/no-cycle": "error" },
  },
  {
    files: ["app/payments/**", "app/shipping/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [registrationFiles, noOrdersOrChannels] }],
    },
  },
  {
    files: ["app/catalog/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [registrationFiles, catalogStaysBelow] }],
    },
  },
  {
    // The schema is the bottom layer: app code imports it, never the other way round.
    files: ["db/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [noApp] }] },
  },
  {
    // Tests and scripts (the demo seed among them) set up fixtures and benchmarks directly.
    files: ["app/**/*.{ts,tsx}", "db/**/*.ts", "server.ts"],
    ignores: ["app/inventory/**"],
    rules: { "no-restricted-syntax": ["error", ...stockWrites] },
  },
  { files: ["**/*.{js,mjs}"], languageOptions: { globals: globals.node } },
);
