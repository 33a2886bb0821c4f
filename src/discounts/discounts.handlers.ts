import { actorOf } from "../audit/actor";
import type { AppRouteHandler } from "../lib/openapi";
import { envelope } from "../lib/pagination";
import type * as routes from "./discounts.routes";
import { createDiscount, deleteDiscount, getDiscount, listDiscounts, toDiscountView, updateDiscount } from "./service";

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const q = c.req.valid("query");
  const { items, total } = await listDiscounts(c.var.deps, { search: q.search }, q);
  return c.json(envelope(items, q, total), 200);
};

export const create: AppRouteHandler<typeof routes.create> = async (c) => c.json(toDiscountView(await createDiscount(c.var.deps, actorOf(c), c.req.valid("json"))), 201);

export const get: AppRouteHandler<typeof routes.get> = async (c) => c.json(toDiscountView(await getDiscount(c.var.deps, c.req.valid("param").id)), 200);

export const update: AppRouteHandler<typeof routes.update> = async (c) =>
  c.json(
    toDiscountView(await updateDiscount(c.var.deps, actorOf(c), c.req.valid("param").id, c.req.valid("json"))),
    200,
  );

export const remove: AppRouteHandler<typeof routes.remove> = async (c) => {
  await deleteDiscount(c.var.deps, actorOf(c), c.req.valid("param").id);
  return c.body(null, 204);
};
