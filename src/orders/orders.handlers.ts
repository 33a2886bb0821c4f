import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { cartOwnerOf } from "../cart/request";
import type { AppEnv } from "../env";
import { principalOf } from "../lib/auth";
import { idempotencyRequest } from "../lib/idempotency";
import type { AppRouteHandler } from "../lib/openapi";
import { envelope } from "../lib/pagination";
import { clientKey } from "../security/client-key";
import { getOrderFor } from "./access";
import { checkout } from "./checkout";
import { invoicePdf } from "./invoice";
import type * as routes from "./orders.routes";
import { listMyOrders } from "./queries";
import { orderSchema } from "./schemas";
import { viewFor } from "./seller-scope";
import { cancelOrder } from "./service";
import { loadOrderView } from "./views";

const viewerOf = (c: Context<AppEnv>) => ({ principal: c.get("principal"), orderToken: c.req.header("X-Order-Token") });

export const placeOrder: AppRouteHandler<typeof routes.placeOrder> = async (c) => {
  const input = c.req.valid("json");
  // Keys are scoped to the caller (user id, else the cart token); checkout stores the response in its order batch.
  const scope = c.get("principal")?.id ?? `cart:${c.req.header("X-Cart-Token") ?? ""}`;
  const idem = await idempotencyRequest(c, scope, JSON.stringify(input));
  const { response, replayed } = await checkout(c.var.deps, cartOwnerOf(c), c.get("principal"), input, idem, await clientKey(c));
  if (replayed) c.header("Idempotent-Replayed", "true");
  // Only a 201 is ever stored for checkout, so a replay is one too.
  return c.json(JSON.parse(response.body) as z.infer<typeof orderSchema>, 201);
};

export const listOrders: AppRouteHandler<typeof routes.listOrders> = async (c) => {
  const q = c.req.valid("query");
  const { items, total } = await listMyOrders(c.var.deps, principalOf(c).id, q, q);
  return c.json(envelope(items, q, total), 200);
};

export const getOrder: AppRouteHandler<typeof routes.getOrder> = async (c) => {
  const viewer = viewerOf(c);
  return c.json(viewFor(viewer.principal, await loadOrderView(c.var.deps, await getOrderFor(c.var.deps, c.req.valid("param").id, viewer))), 200);
};

export const cancel: AppRouteHandler<typeof routes.cancel> = async (c) => {
  const { order, settled } = await cancelOrder(c.var.deps, c.req.valid("param").id, viewerOf(c), c.get("requestId"), c.req.valid("json")?.note);
  return c.json(await loadOrderView(c.var.deps, order), settled ? 200 : 202);
};

export const getInvoice: AppRouteHandler<typeof routes.getInvoice> = async (c) => {
  const viewer = viewerOf(c);
  const order = await getOrderFor(c.var.deps, c.req.valid("param").id, viewer);
  const { body, filename } = await invoicePdf(c.var.deps, order, viewer.principal);
  return c.body(body, 200, {
    "Content-Type": "application/pdf",
    "Content-Disposition": `inline; filename="${filename}"`,
    "Cache-Control": "private, no-store",
  });
};
