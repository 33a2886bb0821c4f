import { createRoute } from "@hono/zod-openapi";
import { cursorPage } from "../lib/cursor";
import { bearerSecurity, errorContent, errorResponses, jsonBody, jsonContent } from "../lib/openapi";
import { catalogEditors } from "./access";
import {
  adminProductListItemSchema,
  adminProductSchema,
  adminProductsQuery,
  createProductBody,
  productIdParam,
  replaceProductBody,
  updateProductBody,
} from "./product-schemas";

const writeErrors = {
  ...errorResponses,
  409: errorContent("Slug taken"),
  422: errorContent("unknown_category or unknown_store"),
};

export const listProducts = createRoute({
  method: "get",
  path: "/admin/products",
  tags: ["Catalog admin"],
  summary: "Products of every status, in cursor pages (a seller's own store only)",
  security: bearerSecurity,
  middleware: [catalogEditors] as const,
  request: { query: adminProductsQuery },
  responses: { 200: jsonContent(cursorPage(adminProductListItemSchema), "Products"), ...errorResponses },
});

export const createProduct = createRoute({
  method: "post",
  path: "/admin/products",
  tags: ["Catalog admin"],
  summary: "Create a product",
  security: bearerSecurity,
  middleware: [catalogEditors] as const,
  request: { body: jsonBody(createProductBody) },
  responses: { 201: jsonContent(adminProductSchema, "Created"), ...writeErrors },
});

export const getProduct = createRoute({
  method: "get",
  path: "/admin/products/{id}",
  tags: ["Catalog admin"],
  summary: "Read a product, active, inactive or deleted",
  security: bearerSecurity,
  middleware: [catalogEditors] as const,
  request: { params: productIdParam },
  responses: { 200: jsonContent(adminProductSchema, "The product"), ...errorResponses },
});

export const replaceProduct = createRoute({
  method: "put",
  path: "/admin/products/{id}",
  tags: ["Catalog admin"],
  summary: "Replace a product's fields",
  security: bearerSecurity,
  middleware: [catalogEditors] as const,
  request: { params: productIdParam, body: jsonBody(replaceProductBody) },
  responses: { 200: jsonContent(adminProductSchema, "Updated"), ...writeErrors },
});

export const updateProduct = createRoute({
  method: "patch",
  path: "/admin/products/{id}",
  tags: ["Catalog admin"],
  summary: "Change some of a product's fields",
  security: bearerSecurity,
  middleware: [catalogEditors] as const,
  request: { params: productIdParam, body: jsonBody(updateProductBody) },
  responses: { 200: jsonContent(adminProductSchema, "Updated"), ...writeErrors },
});

export const deleteProduct = createRoute({
  method: "delete",
  path: "/admin/products/{id}",
  tags: ["Catalog admin"],
  summary: "Soft-delete a product (hidden from public reads)",
  security: bearerSecurity,
  middleware: [catalogEditors] as const,
  request: { params: productIdParam },
  responses: { 204: { description: "Deleted" }, ...errorResponses },
});

export const restoreProduct = createRoute({
  method: "post",
  path: "/admin/products/{id}/restore",
  tags: ["Catalog admin"],
  summary: "Undo a soft delete: the product is back in search, listings and the cache (a live product is left as it is)",
  security: bearerSecurity,
  middleware: [catalogEditors] as const,
  request: { params: productIdParam },
  responses: { 200: jsonContent(adminProductSchema, "Restored"), ...errorResponses },
});
