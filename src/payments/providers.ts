import type { Env } from "../env";
import { paymentConfig } from "./config";
import { manualProvider } from "./manual-provider";
import { midtransProvider } from "./midtrans-provider";
import type { FetchFn, PaymentProvider, ProviderDeps, ProviderName } from "./provider";
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

/** Chooses the providers' fetch for an env; the dev sandboxes import payments, so the composition root plugs them in. */
export type ProviderFetchChoice = (env: Env, realFetch: FetchFn) => FetchFn;

let chooseFetch: ProviderFetchChoice = (_env, realFetch) => realFetch;

/** Called once by the composition root (src/index.ts) with the dev sandboxes' choice (src/dev/payment-sandbox.ts). */
export function setProviderFetch(choice: ProviderFetchChoice): void {
  chooseFetch = choice;
}

/**
 * Config from bindings and the global fetch looked up per call (tests stub it); in local development
 * with the sandbox switched on, the providers' hosts are answered by src/dev/payment-sandbox.ts.
 */
export function providerDeps(env: Env): ProviderDeps {
  const realFetch: typeof fetch = (input, init) => fetch(input, init);
  return { config: paymentConfig(env), fetch: chooseFetch(env, realFetch) };
}
