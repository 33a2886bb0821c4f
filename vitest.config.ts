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
          },
        },
      }),
    ],
    test: {
      setupFiles: ["./test/setup/apply-migrations.ts"],
      // Generous on purpose: the concurrency tests (hundreds of buyers in one workerd) must not time out
      // on a loaded 2-core machine; their assertions stay exact, and a green run is no slower for it.
      testTimeout: 180_000,
      // Request logs only for failing tests, so a red run shows what the Worker saw.
      silent: "passed-only" as const,
    },
  };
});
