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

/** Production wiring: config from bindings, the global fetch looked up per call (tests stub it). */
export function providerDeps(env: Env): ProviderDeps {
  return { config: paymentConfig(env), fetch: (input, init) => fetch(input, init) };
}
