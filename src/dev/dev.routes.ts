import { createRoute, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { AppError } from "../lib/errors";
import { bearerSecurity, errorContent, errorResponses, idParam, jsonBody, jsonContent } from "../lib/openapi";
import { DEV_TAG } from "../lib/openapi-document";
import { paymentHeaders, paymentViewSchema } from "../payments/schemas";
import { devToolsEnabled } from "./enabled";
import { OUTCOMES } from "./simulate";

// Unnamed (inline) schemas: they leave the production document with the route.
const simulateBody = z.object({ outcome: z.enum(OUTCOMES).openapi({ example: "succeeded" }) }).strict();

const simulationSchema = z
  .object({
    outcome: z.enum(OUTCOMES),
    event: z.object({ id: z.string(), type: z.string() }),
    webhook: z.object({ status: z.number().int(), body: z.unknown() }).openapi({ description: "What the app's webhook handler answered" }),
    payment: paymentViewSchema,
  });

/** Before validation and everything else: switched off, the route answers like a path that does not exist. */
const devOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!devToolsEnabled(c.env)) throw new AppError(404, "not_found", `No route for ${c.req.method} ${c.req.path}`);
  await next();
};

export const simulate = createRoute({
  method: "post",
  path: "/dev/payments/{id}/simulate",
  tags: [DEV_TAG],
  summary: "Local only: complete, fail or refund a sandbox payment by sending the app the provider's signed webhook",
  description:
    "Exists only when .dev.vars sets PAYMENT_SANDBOX=true (with APP_ENV=development); anywhere else it is a 404 and " +
    "absent from the document. The Stripe or Midtrans sandbox moves the payment as the provider would, then the " +
    "provider's webhook, signed with STRIPE_WEBHOOK_SECRET or MIDTRANS_SERVER_KEY, goes through the real webhook route. " +
    "Same access as GET /payments/{id}.",
  security: [...bearerSecurity, {}],
  middleware: [devOnly] as const,
  request: { params: idParam, headers: paymentHeaders.pick({ "x-order-token": true }), body: jsonBody(simulateBody) },
  responses: {
    200: jsonContent(simulationSchema, "The webhook sent, what the handler answered, and the payment after it"),
    ...errorResponses,
    409: errorContent("simulation_refused"),
  },
});
