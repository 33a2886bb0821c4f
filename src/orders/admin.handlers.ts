import { actorOf } from "../audit/actor";
import { principalOf } from "../lib/auth";
import type { AppRouteHandler } from "../lib/openapi";
import { getOrderFor } from "./access";
import type * as routes from "./admin.routes";
import { listAdminOrders, orderStats } from "./queries";
import { viewFor } from "./seller-scope";
import { bulkTransition, staffTransition } from "./service";
import { loadOrderView } from "./views";

export const listOrders: AppRouteHandler<typeof routes.listOrders> = async (c) => {
  const q = c.req.valid("query");
  return c.json(await listAdminOrders(c.var.deps, principalOf(c), q, q), 200);
};

export const stats: AppRouteHandler<typeof routes.stats> = async (c) => c.json(await orderStats(c.var.deps, c.env.CURRENCY), 200);

export const getOrder: AppRouteHandler<typeof routes.getOrder> = async (c) => {
  const principal = principalOf(c);
  return c.json(viewFor(principal, await loadOrderView(c.var.deps, await getOrderFor(c.var.deps, c.req.valid("param").id, { principal }))), 200);
};

export const transition: AppRouteHandler<typeof routes.transition> = async (c) => {
  const { order, settled } = await staffTransition(c.var.deps, actorOf(c), c.req.valid("param").id, c.req.valid("json"));
  return c.json(await loadOrderView(c.var.deps, order), settled ? 200 : 202);
};

export const bulkTransitions: AppRouteHandler<typeof routes.bulkTransitions> = async (c) => {
  const { order_ids, to, note } = c.req.valid("json");
  const results = await bulkTransition(c.var.deps, actorOf(c), order_ids, { to, note });
  return c.json({ results }, 200);
};
