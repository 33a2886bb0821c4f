import type { Env } from "../env";
import { boolVar } from "../lib/config";

/** Provider keys and settings, read once from bindings so services take them as a plain value. */
export interface PaymentConfig {
  stripeSecretKey?: string;
  stripeWebhookSecret?: string;
  midtransServerKey?: string;
  midtransIsProduction: boolean;
  bankTransferInstructions?: string;
}

export function paymentConfig(env: Env): PaymentConfig {
  return {
    stripeSecretKey: env.STRIPE_SECRET_KEY || undefined,
    stripeWebhookSecret: env.STRIPE_WEBHOOK_SECRET || undefined,
    midtransServerKey: env.MIDTRANS_SERVER_KEY || undefined,
    midtransIsProduction: boolVar(env, "MIDTRANS_IS_PRODUCTION"),
    bankTransferInstructions: env.BANK_TRANSFER_INSTRUCTIONS?.trim() || undefined,
  };
}
