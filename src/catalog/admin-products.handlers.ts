import { type Actor, actorOf } from "../audit/actor";
import type { Deps } from "../env";
import { principalOf } from "../lib/auth";
import type { AppRouteHandler } from "../lib/openapi";
import { listAdminProducts } from "./admin-products-list";
import type * as routes from "./admin-products.routes";
import type { UpdateProductInput } from "./product-schemas";
import { adminProductView } from "./product-view";
import * as productsService from "./products-service";

export const listProducts: AppRouteHandler<typeof routes.listProducts> = async (c) =>
  c.json(await listAdminProducts(c.var.deps, principalOf(c), c.req.valid("query")), 200);

export const createProduct: AppRouteHandler<typeof routes.createProduct> = async (c) => {
  const deps = c.var.deps;
  const product = await productsService.createProduct(deps, actorOf(c), c.req.valid("json"), c.env.CURRENCY);
  return c.json(await adminProductView(deps, product), 201);
};

export const getProduct: AppRouteHandler<typeof routes.getProduct> = async (c) => {
  const deps = c.var.deps;
  const product = await productsService.editableProduct(deps, principalOf(c), c.req.valid("param").id, { deleted: true });
  return c.json(await adminProductView(deps, product), 200);
};

/** PUT and PATCH both go through `updateProduct`: PUT's schema already required every field. */
async function written(deps: Deps, actor: Actor, id: string, input: UpdateProductInput) {
  return adminProductView(deps, await productsService.updateProduct(deps, actor, id, input));
}

export const replaceProduct: AppRouteHandler<typeof routes.replaceProduct> = async (c) =>
  c.json(await written(c.var.deps, actorOf(c), c.req.valid("param").id, c.req.valid("json")), 200);

export const updateProduct: AppRouteHandler<typeof routes.updateProduct> = async (c) =>
  c.json(await written(c.var.deps, actorOf(c), c.req.valid("param").id, c.req.valid("json")), 200);

export const deleteProduct: AppRouteHandler<typeof routes.deleteProduct> = async (c) => {
  await productsService.deleteProduct(c.var.deps, actorOf(c), c.req.valid("param").id);
  return c.body(null, 204);
};

export const restoreProduct: AppRouteHandler<typeof routes.restoreProduct> = async (c) => {
  const deps = c.var.deps;
  return c.json(await adminProductView(deps, await productsService.restoreProduct(deps, actorOf(c), c.req.valid("param").id)), 200);
};
