import { actorOf } from "../audit/actor";
import type { AppRouteHandler } from "../lib/openapi";
import { envelope } from "../lib/pagination";
import * as service from "./service";
import type * as routes from "./stores.routes";

export const listStores: AppRouteHandler<typeof routes.listStores> = async (c) => {
  const q = c.req.valid("query");
  const { items, total } = await service.listStores(c.var.deps, { search: q.search, activeOnly: true }, q);
  return c.json(envelope(items, q, total), 200);
};

export const getStore: AppRouteHandler<typeof routes.getStore> = async (c) =>
  c.json(service.toStoreView(await service.getActiveStoreBySlug(c.var.deps, c.req.valid("param").slug)), 200);

export const createStore: AppRouteHandler<typeof routes.createStore> = async (c) =>
  c.json(service.toStoreView(await service.createStore(c.var.deps, actorOf(c), c.req.valid("json"))), 201);

export const updateStore: AppRouteHandler<typeof routes.updateStore> = async (c) =>
  c.json(service.toStoreView(await service.updateStore(c.var.deps, actorOf(c), c.req.valid("param").id, c.req.valid("json"))), 200);
