import type { Context } from "hono";
import type { AppEnv } from "../env";
import type { AppRouteHandler } from "../lib/openapi";
import { getPaymentFor } from "../payments/service";
import { toPaymentView } from "../payments/views";
import type * as routes from "./dev.routes";
import { simulatedWebhook } from "./simulate";

/** Hands a request to the whole app (middleware, routing, the real webhook handlers). */
export type Deliver = (request: Request, c: Context<AppEnv>) => Promise<Response>;

export const simulate =
  (deliver: Deliver): AppRouteHandler<typeof routes.simulate> =>
  async (c) => {
    const deps = c.var.deps;
    const viewer = { principal: c.get("principal"), orderToken: c.req.header("X-Order-Token") };
    const { outcome } = c.req.valid("json");
    const webhook = await simulatedWebhook(c.env, await getPaymentFor(deps, c.req.valid("param").id, viewer), outcome);
    const url = new URL(webhook.path, c.req.url);
    const res = await deliver(new Request(url, { method: "POST", headers: webhook.headers, body: webhook.body }), c);
    const payment = await getPaymentFor(deps, c.req.valid("param").id, viewer);
    return c.json(
      { outcome, event: webhook.event, webhook: { status: res.status, body: await res.json().catch(() => null) }, payment: toPaymentView(payment) },
      200,
    );
  };
