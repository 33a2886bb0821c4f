import type { Env } from "../env";
import { boolVar, intVar } from "../lib/config";
import type { PricingConfig } from "./totals";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface CartConfig {
  /** A guest cart with no change for this long is gone. */
  idleMs: number;
  lineMax: number;
  currency: string;
  pricing: PricingConfig;
}

export function cartConfig(env: Env): CartConfig {
  return {
    idleMs: intVar(env, "CART_IDLE_DAYS") * DAY_MS,
    lineMax: intVar(env, "CART_LINE_MAX_QUANTITY"),
    currency: env.CURRENCY,
    pricing: {
      shippingFlatRate: intVar(env, "SHIPPING_FLAT_RATE"),
      freeShippingThreshold: intVar(env, "FREE_SHIPPING_THRESHOLD"),
      taxRateBasisPoints: intVar(env, "TAX_RATE_BASIS_POINTS"),
      taxInclusive: boolVar(env, "TAX_INCLUSIVE"),
    },
  };
}
