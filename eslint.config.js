import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

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
    },
  },
  {
    // The env module itself, tests and scripts that start servers with a given environment.
    files: ["app/lib/env.server.ts", "tests/**", "scripts/**", "vitest.config.ts"],
    rules: { "no-restricted-properties": "off" },
  },
  {
    // The schema is the bottom layer: app code imports it, never the other way round.
    // db/seed/ is left out: it shops through checkout with the app's own functions and is moving
    // out of db/ (issue 11).
    files: ["db/**/*.ts"],
    ignores: ["db/seed/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["~/*", "**/app", "**/app/*", "../app/**"],
              message:
                "db/ imports nothing from app/: move the value into db/ and import it from there",
            },
          ],
        },
      ],
    },
  },
  { files: ["**/*.{js,mjs}"], languageOptions: { globals: globals.node } },
);
