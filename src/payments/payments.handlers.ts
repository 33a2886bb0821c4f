import type { Context } from "hono";
import type { AppEnv } from "../env";
import type { AppRouteHandler } from "../lib/openapi";
import { handleMidtransWebhook } from "./midtrans-webhook";
import type { OrderViewer } from "./order-port";
import type * as routes from "./payments.routes";
import { createPayment, getPaymentFor } from "./service";
import { handleStripeWebhook } from "./stripe-webhook";
import { toPaymentView } from "./views";

function viewerOf(c: Context<AppEnv>): OrderViewer {
  return { principal: c.get("principal"), orderToken: c.req.header("X-Order-Token") };
}

export const startPayment: AppRouteHandler<typeof routes.startPayment> = async (c) => {
  const body = c.req.valid("json");
  const payment = await createPayment(c.var.deps, viewerOf(c), { orderId: body.order_id, provider: body.provider });
  return c.json(toPaymentView(payment), 201);
};

export const getPayment: AppRouteHandler<typeof routes.getPayment> = async (c) => {
  const payment = await getPaymentFor(c.var.deps, c.req.valid("param").id, viewerOf(c));
  return c.json(toPaymentView(payment), 200);
};

export const stripeWebhook: AppRouteHandler<typeof routes.stripeWebhook> = async (c) => {
  // The signature covers the exact bytes, so the body is read raw, never re-serialized.
  const result = await handleStripeWebhook(c.var.deps, await c.req.text(), c.req.header("Stripe-Signature"));
  return c.json({ received: true as const, ...result }, 200);
};

export const midtransWebhook: AppRouteHandler<typeof routes.midtransWebhook> = async (c) => {
  const result = await handleMidtransWebhook(c.var.deps, c.req.valid("json"));
  return c.json({ received: true as const, ...result }, 200);
};
