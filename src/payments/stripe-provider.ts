import Stripe from "stripe";
import { toStripeAmount } from "./amounts";
import {
  type ChargeRequest,
  type ChargeStarted,
  notConfigured,
  type PaymentProvider,
  type ProviderDeps,
  providerError,
  type RefundRequest,
} from "./provider";

/** The SDK on Workers: fetch for HTTP (injectable), so no Node http module is needed. */
function stripeClient(secretKey: string, fetchFn: typeof fetch): Stripe {
  return new Stripe(secretKey, { httpClient: Stripe.createFetchHttpClient(fetchFn), maxNetworkRetries: 1 });
}

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof Stripe.errors.StripeError) throw providerError("stripe", err.message);
    throw err;
  }
}

export function stripeProvider(deps: ProviderDeps): PaymentProvider {
  const key = deps.config.stripeSecretKey;
  if (!key) throw notConfigured("stripe");
  const stripe = stripeClient(key, deps.fetch);
  return {
    name: "stripe",
    async createCharge(request: ChargeRequest): Promise<ChargeStarted> {
      const intent = await call(() =>
        stripe.paymentIntents.create(
          {
            amount: toStripeAmount(request.amount, request.currency),
            currency: request.currency.toLowerCase(),
            automatic_payment_methods: { enabled: true },
            receipt_email: request.email,
            description: `Order ${request.orderNumber}`,
            metadata: { order_id: request.orderId, payment_id: request.paymentId },
          },
          // Keyed by our payment id: the SDK's own retry cannot open a second intent.
          { idempotencyKey: `payment:${request.paymentId}` },
        ),
      );
      if (!intent.client_secret) throw providerError("stripe", "PaymentIntent has no client_secret");
      return { providerRef: intent.id, clientData: { client_secret: intent.client_secret } };
    },
    async refund(request: RefundRequest) {
      if (!request.providerRef) throw providerError("stripe", "payment has no PaymentIntent");
      const refund = await call(() =>
        stripe.refunds.create(
          {
            payment_intent: request.providerRef ?? undefined,
            amount: toStripeAmount(request.amount, request.currency),
            metadata: { payment_id: request.paymentId, reason: request.reason },
          },
          { idempotencyKey: request.key },
        ),
      );
      return { providerRefundRef: refund.id };
    },
  };
}
