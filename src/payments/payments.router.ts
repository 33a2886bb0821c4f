import { createRouter } from "../lib/openapi";
import * as handlers from "./payments.handlers";
import * as routes from "./payments.routes";

export const paymentsRouter = createRouter()
  .openapi(routes.startPayment, handlers.startPayment)
  .openapi(routes.getPayment, handlers.getPayment)
  .openapi(routes.stripeWebhook, handlers.stripeWebhook)
  .openapi(routes.midtransWebhook, handlers.midtransWebhook);
