import { actorOf } from "../audit/actor";
import { createSessionDb } from "../db/client";
import type { AppRouteHandler } from "../lib/openapi";
import * as categoriesService from "./categories-service";
import type * as routes from "./categories.routes";
import { catalogRead, EDGE_TTL_SECONDS } from "./edge-cache";

export const getCategoryTree: AppRouteHandler<typeof routes.getCategoryTree> = async (c) => {
  const { store } = c.req.valid("query");
  const { body } = await catalogRead(c, EDGE_TTL_SECONDS, async (d1) => {
    const deps = { db: createSessionDb(d1) };
    return { data: await categoriesService.categoryTree(deps, store ? await categoriesService.storeIdOf(deps, store) : null) };
  });
  return c.json(body, 200);
};

export const getCategory: AppRouteHandler<typeof routes.getCategory> = async (c) => {
  const slug = c.req.valid("param").slug;
  const { store } = c.req.valid("query");
  const { body } = await catalogRead(c, EDGE_TTL_SECONDS, async (d1) => {
    const deps = { db: createSessionDb(d1) };
    return categoriesService.categoryBySlug(deps, slug, store ? await categoriesService.storeIdOf(deps, store) : null);
  });
  return c.json(body, 200);
};

export const createCategory: AppRouteHandler<typeof routes.createCategory> = async (c) =>
  c.json(categoriesService.toCategoryView(await categoriesService.createCategory(c.var.deps, actorOf(c), c.req.valid("json"))), 201);

export const updateCategory: AppRouteHandler<typeof routes.updateCategory> = async (c) => {
  const row = await categoriesService.updateCategory(c.var.deps, actorOf(c), c.req.valid("param").id, c.req.valid("json"));
  return c.json(categoriesService.toCategoryView(row), 200);
};

export const deleteCategory: AppRouteHandler<typeof routes.deleteCategory> = async (c) => {
  await categoriesService.deleteCategory(c.var.deps, actorOf(c), c.req.valid("param").id);
  return c.body(null, 204);
};
