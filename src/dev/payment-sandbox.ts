import type { Env } from "../env";
import type { FetchFn } from "../payments/provider";
import type { ProviderFetchChoice } from "../payments/providers";
import { devToolsEnabled } from "./enabled";
import { midtransSandbox } from "./midtrans-sandbox";
import { stripeSandbox } from "./stripe-sandbox";

const isMidtrans = (host: string) => host === "midtrans.com" || host.endsWith(".midtrans.com");

/**
 * The providers' fetch in local development: Stripe's and Midtrans' hosts are answered here, in their
 * shapes, so a payment can be created, refunded and completed (POST /dev/payments/{id}/simulate) offline.
 * Every other host goes to the real fetch.
 */
function sandboxFetch(env: Env, realFetch: FetchFn): FetchFn {
  return async (input, init) => {
    const request = new Request(input, init);
    const host = new URL(request.url).host;
    if (host === "api.stripe.com") return stripeSandbox(env, request);
    if (isMidtrans(host)) return midtransSandbox(env, env.MIDTRANS_SERVER_KEY ?? "", request);
    return realFetch(input, init);
  };
}

/** The providers' fetch for an env (payments/providers.ts, wired in src/index.ts): the sandboxes only with the dev tools on. */
export const devProviderFetch: ProviderFetchChoice = (env, realFetch) => (devToolsEnabled(env) ? sandboxFetch(env, realFetch) : realFetch);
