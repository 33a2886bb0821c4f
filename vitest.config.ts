import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig(async () => {
  const migrations = await readD1Migrations("migrations");
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            JWT_SECRET: "test-secret-that-is-at-least-32-characters-long",
            // Test-mode provider keys; every provider call is answered by a stubbed fetch in test/payments.
            STRIPE_SECRET_KEY: "sk_test_payments",
            STRIPE_WEBHOOK_SECRET: "whsec_test_payments",
            MIDTRANS_SERVER_KEY: "SB-Mid-server-test",
            // The property test's run count, seed and path, for a local soak or a replay (test/orders/lifecycle-property.test.ts).
            PROPERTY_RUNS: process.env.PROPERTY_RUNS ?? "",
            PROPERTY_SEED: process.env.PROPERTY_SEED ?? "",
            PROPERTY_PATH: process.env.PROPERTY_PATH ?? "",
          },
        },
      }),
    ],
    test: {
      setupFiles: ["./test/setup/apply-migrations.ts"],
      testTimeout: 30_000,
      // Request logs only for failing tests, so a red run shows what the Worker saw.
      silent: "passed-only" as const,
    },
  };
});
