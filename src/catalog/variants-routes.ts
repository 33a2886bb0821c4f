import { createRoute } from "@hono/zod-openapi";
import { actorOf } from "../audit/actor";
import { bearerSecurity, createRouter, errorContent, errorResponses, jsonBody, jsonContent } from "../lib/openapi";
import { catalogEditors } from "./admin-products-routes";
import { createVariantBody, productIdParam, updateVariantBody, variantParams, variantSchema } from "./product-schemas";
import { createVariant, deleteVariant, restoreVariant, updateVariant } from "./variants-service";

export const variantsRouter = createRouter();

variantsRouter.openapi(
  createRoute({
    method: "post",
    path: "/admin/products/{id}/variants",
    tags: ["Catalog admin"],
    summary: "Add a variant with its initial stock",
    security: bearerSecurity,
    middleware: [catalogEditors] as const,
    request: { params: productIdParam, body: jsonBody(createVariantBody) },
    responses: { 201: jsonContent(variantSchema, "Created"), ...errorResponses, 409: errorContent("SKU taken") },
  }),
  async (c) => c.json(await createVariant(c.var.deps, actorOf(c), c.req.valid("param").id, c.req.valid("json")), 201),
);

variantsRouter.openapi(
  createRoute({
    method: "patch",
    path: "/admin/products/{id}/variants/{variant_id}",
    tags: ["Catalog admin"],
    summary: "Change a variant's SKU, size, colour or price override (stock belongs to inventory)",
    security: bearerSecurity,
    middleware: [catalogEditors] as const,
    request: { params: variantParams, body: jsonBody(updateVariantBody) },
    responses: { 200: jsonContent(variantSchema, "Updated"), ...errorResponses, 409: errorContent("SKU taken") },
  }),
  async (c) => {
    const { id, variant_id } = c.req.valid("param");
    return c.json(await updateVariant(c.var.deps, actorOf(c), id, variant_id, c.req.valid("json")), 200);
  },
);

variantsRouter.openapi(
  createRoute({
    method: "delete",
    path: "/admin/products/{id}/variants/{variant_id}",
    tags: ["Catalog admin"],
    summary: "Soft-delete a variant",
    security: bearerSecurity,
    middleware: [catalogEditors] as const,
    request: { params: variantParams },
    responses: { 204: { description: "Deleted" }, ...errorResponses },
  }),
  async (c) => {
    const { id, variant_id } = c.req.valid("param");
    await deleteVariant(c.var.deps, actorOf(c), id, variant_id);
    return c.body(null, 204);
  },
);

variantsRouter.openapi(
  createRoute({
    method: "post",
    path: "/admin/products/{id}/variants/{variant_id}/restore",
    tags: ["Catalog admin"],
    summary: "Undo a variant's soft delete (a live variant is left as it is)",
    security: bearerSecurity,
    middleware: [catalogEditors] as const,
    request: { params: variantParams },
    responses: { 200: jsonContent(variantSchema, "Restored"), ...errorResponses },
  }),
  async (c) => {
    const { id, variant_id } = c.req.valid("param");
    return c.json(await restoreVariant(c.var.deps, actorOf(c), id, variant_id), 200);
  },
);
