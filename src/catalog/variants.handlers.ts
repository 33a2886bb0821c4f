import { actorOf } from "../audit/actor";
import type { AppRouteHandler } from "../lib/openapi";
import * as variantsService from "./variants-service";
import type * as routes from "./variants.routes";

export const createVariant: AppRouteHandler<typeof routes.createVariant> = async (c) =>
  c.json(await variantsService.createVariant(c.var.deps, actorOf(c), c.req.valid("param").id, c.req.valid("json")), 201);

export const updateVariant: AppRouteHandler<typeof routes.updateVariant> = async (c) => {
  const { id, variant_id } = c.req.valid("param");
  return c.json(await variantsService.updateVariant(c.var.deps, actorOf(c), id, variant_id, c.req.valid("json")), 200);
};

export const deleteVariant: AppRouteHandler<typeof routes.deleteVariant> = async (c) => {
  const { id, variant_id } = c.req.valid("param");
  await variantsService.deleteVariant(c.var.deps, actorOf(c), id, variant_id);
  return c.body(null, 204);
};

export const restoreVariant: AppRouteHandler<typeof routes.restoreVariant> = async (c) => {
  const { id, variant_id } = c.req.valid("param");
  return c.json(await variantsService.restoreVariant(c.var.deps, actorOf(c), id, variant_id), 200);
};
