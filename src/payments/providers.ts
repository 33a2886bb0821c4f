import { devToolsEnabled } from "../dev/enabled";
import { sandboxFetch } from "../dev/payment-sandbox";
import type { Env } from "../env";
import { paymentConfig } from "./config";
import { manualProvider } from "./manual-provider";
import { midtransProvider } from "./midtrans-provider";
import type { PaymentProvider, ProviderDeps, ProviderName } from "./provider";
import { stripeProvider } from "./stripe-provider";

const FACTORIES: Record<ProviderName, (deps: ProviderDeps) => PaymentProvider> = {
  stripe: stripeProvider,
  midtrans: midtransProvider,
  manual: manualProvider,
};

/** The provider by name; a provider without its key throws 503 provider_not_configured. */
export function providerFor(name: ProviderName, deps: ProviderDeps): PaymentProvider {
  return FACTORIES[name](deps);
}

/**
 * Config from bindings and the global fetch looked up per call (tests stub it); in local development
 * with the sandbox switched on, the providers' hosts are answered by src/dev/payment-sandbox.ts.
 */
export function providerDeps(env: Env): ProviderDeps {
  const realFetch: typeof fetch = (input, init) => fetch(input, init);
  return { config: paymentConfig(env), fetch: devToolsEnabled(env) ? sandboxFetch(env, realFetch) : realFetch };
}
