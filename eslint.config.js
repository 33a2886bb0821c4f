// Lint: the rules the code already follows — ESLint's and typescript-eslint's recommended sets, without type
// information so it stays fast. Formatting is not linted (no formatter runs over the tree).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

// Node scripts (scripts/, bench/, the browser test) run on Node 22; these are the globals they use.
const nodeGlobals = Object.fromEntries(
  ["Buffer", "URL", "WebSocket", "console", "fetch", "performance", "process", "setInterval", "clearInterval", "setTimeout", "clearTimeout"].map(
    (name) => [name, "readonly"],
  ),
);

export default tseslint.config(
  { ignores: ["node_modules/", ".wrangler/", "public/", "bench/results/", "bench/.tmp/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // TypeScript checks names itself (and knows the Workers globals); no-undef only misfires there.
  { files: ["**/*.ts", "**/*.tsx"], rules: { "no-undef": "off" } },
  // `const { dropped, ...kept } = row` is how the code omits a field.
  { rules: { "@typescript-eslint/no-unused-vars": ["error", { ignoreRestSiblings: true }] } },
  { files: ["**/*.mjs", "**/*.js"], languageOptions: { globals: nodeGlobals } },
  // The browser suites also pass functions that run in the page.
  {
    files: ["test/browser/**/*.mjs"],
    languageOptions: { globals: Object.fromEntries(["DataTransfer", "File", "atob", "document", "window"].map((name) => [name, "readonly"])) },
  },
  // One request context (src/lib/deps.ts): handlers and services take the request's db from `c.var.deps`; only the
  // entry points without a request (Worker handlers, Durable Objects, queue consumer, cron sweep) build one.
  {
    files: ["src/**/*.ts"],
    ignores: ["src/db/**", "src/index.ts", "src/lib/deps.ts", "src/orders/order-object.ts", "src/inventory/stock-object.ts", "src/inventory/sweep.ts", "src/reports/export-consumer.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["**/db/client"], importNames: ["createDb"], message: "Use the request's deps (c.var.deps.db)." }] },
      ],
    },
  },
  // Tests read loosely typed JSON bodies; `any` stays out of src/ only.
  { files: ["test/**/*.ts"], rules: { "@typescript-eslint/no-explicit-any": "off" } },
);
