import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { devToolsEnabled } from "../../src/dev/enabled";
import { providerDeps } from "../../src/payments/providers";
import { api, expectError } from "../helpers";
import { registerCustomer } from "../factories";
import { stubProviders } from "./fixtures";

describe("payment sandboxes with the deployed defaults", () => {
  it("need both .dev.vars switches: APP_ENV=development alone, or PAYMENT_SANDBOX under production, unlock nothing", () => {
    expect(env.APP_ENV).toBe("production"); // wrangler.toml's default, as every deploy gets it
    expect(devToolsEnabled(env)).toBe(false);
    expect(devToolsEnabled({ ...env, APP_ENV: "development" })).toBe(false);
    expect(devToolsEnabled({ ...env, PAYMENT_SANDBOX: "true" })).toBe(false);
    expect(devToolsEnabled({ ...env, APP_ENV: "development", PAYMENT_SANDBOX: "true" })).toBe(true);
  });

  it("answers the simulate route as a path that does not exist", async () => {
    const customer = await registerCustomer();
    const res = await api("/dev/payments/any/simulate", { token: customer.token, body: { outcome: "succeeded" } });
    await expectError(res, 404, "not_found");
    await expectError(await api("/dev/payments/any/simulate", { body: { outcome: "nonsense" } }), 404, "not_found");
  });

  it("sends provider calls to the real hosts (here: the test stub), not the sandbox", async () => {
    const providers = stubProviders();
    try {
      await providerDeps(env).fetch("https://api.stripe.com/v1/refunds", { method: "POST", body: "payment_intent=pi_x" });
      expect(providers.to("api.stripe.com", "/v1/refunds")).toHaveLength(1);
    } finally {
      providers.restore();
    }
  });
});
