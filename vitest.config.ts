import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

/** Files run with the local-development switches of .dev.vars: payment sandboxes and the simulate route. */
const SANDBOX_FILES = ["test/dev-sandbox/**/*.test.ts"];

export default defineConfig(async () => {
  const migrations = await readD1Migrations("migrations");
  const worker = (extraBindings: Record<string, string>) =>
    cloudflareTest({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        bindings: {
          TEST_MIGRATIONS: migrations,
          JWT_SECRET: "test-secret-that-is-at-least-32-characters-long",
          // Test-mode provider keys; every provider call is answered by a stubbed fetch in test/payments,
          // and by the local sandboxes (src/dev) in test/dev-sandbox.
          STRIPE_SECRET_KEY: "sk_test_payments",
          STRIPE_WEBHOOK_SECRET: "whsec_test_payments",
          MIDTRANS_SERVER_KEY: "SB-Mid-server-test",
          // The property test's run count, seed and path, for a local soak or a replay (test/orders/lifecycle-property.test.ts).
          PROPERTY_RUNS: process.env.PROPERTY_RUNS ?? "",
          PROPERTY_SEED: process.env.PROPERTY_SEED ?? "",
          PROPERTY_PATH: process.env.PROPERTY_PATH ?? "",
          ...extraBindings,
        },
      },
    });
  const shared = {
    setupFiles: ["./test/setup/apply-migrations.ts"],
    // Generous on purpose: the concurrency tests (hundreds of buyers in one workerd) must not time out
    // on a loaded 2-core machine; their assertions stay exact, and a green run is no slower for it.
    testTimeout: 180_000,
    // Request logs only for failing tests, so a red run shows what the Worker saw.
    silent: "passed-only" as const,
  };
  return {
    test: {
      projects: [
        // Deployed defaults, whatever a local .dev.vars (which the plugin also reads) says.
        { plugins: [worker({ APP_ENV: "production", PAYMENT_SANDBOX: "false" })], test: { ...shared, name: "worker", include: ["test/**/*.test.ts"], exclude: SANDBOX_FILES } },
        {
          plugins: [worker({ APP_ENV: "development", PAYMENT_SANDBOX: "true" })],
          test: { ...shared, name: "dev-sandbox", include: SANDBOX_FILES },
        },
      ],
    },
  };
});
