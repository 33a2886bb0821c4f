import { createRoute } from "@hono/zod-openapi";
import { bearerSecurity, errorContent, errorResponses, jsonBody, jsonContent } from "../lib/openapi";
import { catalogEditors } from "./access";
import { createVariantBody, productIdParam, updateVariantBody, variantParams, variantSchema } from "./product-schemas";

export const createVariant = createRoute({
  method: "post",
  path: "/admin/products/{id}/variants",
  tags: ["Catalog admin"],
  summary: "Add a variant with its initial stock",
  security: bearerSecurity,
  middleware: [catalogEditors] as const,
  request: { params: productIdParam, body: jsonBody(createVariantBody) },
  responses: { 201: jsonContent(variantSchema, "Created"), ...errorResponses, 409: errorContent("SKU taken") },
});

export const updateVariant = createRoute({
  method: "patch",
  path: "/admin/products/{id}/variants/{variant_id}",
  tags: ["Catalog admin"],
  summary: "Change a variant's SKU, size, colour or price override (stock belongs to inventory)",
  security: bearerSecurity,
  middleware: [catalogEditors] as const,
  request: { params: variantParams, body: jsonBody(updateVariantBody) },
  responses: { 200: jsonContent(variantSchema, "Updated"), ...errorResponses, 409: errorContent("SKU taken") },
});

export const deleteVariant = createRoute({
  method: "delete",
  path: "/admin/products/{id}/variants/{variant_id}",
  tags: ["Catalog admin"],
  summary: "Soft-delete a variant",
  security: bearerSecurity,
  middleware: [catalogEditors] as const,
  request: { params: variantParams },
  responses: { 204: { description: "Deleted" }, ...errorResponses },
});

export const restoreVariant = createRoute({
  method: "post",
  path: "/admin/products/{id}/variants/{variant_id}/restore",
  tags: ["Catalog admin"],
  summary: "Undo a variant's soft delete (a live variant is left as it is)",
  security: bearerSecurity,
  middleware: [catalogEditors] as const,
  request: { params: variantParams },
  responses: { 200: jsonContent(variantSchema, "Restored"), ...errorResponses },
});
