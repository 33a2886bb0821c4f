import { createRoute } from "@hono/zod-openapi";
import { actorOf } from "../audit/actor";
import { principalOf, requireRole } from "../lib/auth";
import { cursorPage } from "../lib/cursor";
import { bearerSecurity, createRouter, errorContent, errorResponses, jsonBody, jsonContent } from "../lib/openapi";
import { listAdminProducts } from "./admin-products-list";
import {
  adminProductListItemSchema,
  adminProductSchema,
  adminProductsQuery,
  createProductBody,
  productIdParam,
  replaceProductBody,
  updateProductBody,
} from "./product-schemas";
import { adminProductView } from "./product-view";
import { createProduct, deleteProduct, editableProduct, restoreProduct, updateProduct } from "./products-service";

/** Admin and staff edit every store's catalog; a seller only their own (others' products are 404). */
export const catalogEditors = requireRole("admin", "staff", "seller");

export const adminProductsRouter = createRouter();

const writeErrors = {
  ...errorResponses,
  409: errorContent("Slug taken"),
  422: errorContent("unknown_category or unknown_store"),
};

adminProductsRouter.openapi(
  createRoute({
    method: "get",
    path: "/admin/products",
    tags: ["Catalog admin"],
    summary: "Products of every status, in cursor pages (a seller's own store only)",
    security: bearerSecurity,
    middleware: [catalogEditors] as const,
    request: { query: adminProductsQuery },
    responses: { 200: jsonContent(cursorPage(adminProductListItemSchema), "Products"), ...errorResponses },
  }),
  async (c) => c.json(await listAdminProducts(c.var.deps.db, principalOf(c), c.req.valid("query")), 200),
);

adminProductsRouter.openapi(
  createRoute({
    method: "post",
    path: "/admin/products",
    tags: ["Catalog admin"],
    summary: "Create a product",
    security: bearerSecurity,
    middleware: [catalogEditors] as const,
    request: { body: jsonBody(createProductBody) },
    responses: { 201: jsonContent(adminProductSchema, "Created"), ...writeErrors },
  }),
  async (c) => {
    const db = c.var.deps.db;
    const product = await createProduct(db, actorOf(c), c.req.valid("json"), c.env.CURRENCY);
    return c.json(await adminProductView(db, product), 201);
  },
);

adminProductsRouter.openapi(
  createRoute({
    method: "get",
    path: "/admin/products/{id}",
    tags: ["Catalog admin"],
    summary: "Read a product, active, inactive or deleted",
    security: bearerSecurity,
    middleware: [catalogEditors] as const,
    request: { params: productIdParam },
    responses: { 200: jsonContent(adminProductSchema, "The product"), ...errorResponses },
  }),
  async (c) => {
    const db = c.var.deps.db;
    return c.json(await adminProductView(db, await editableProduct(db, principalOf(c), c.req.valid("param").id, { deleted: true })), 200);
  },
);

for (const method of ["put", "patch"] as const) {
  adminProductsRouter.openapi(
    createRoute({
      method,
      path: "/admin/products/{id}",
      tags: ["Catalog admin"],
      summary: method === "put" ? "Replace a product's fields" : "Change some of a product's fields",
      security: bearerSecurity,
      middleware: [catalogEditors] as const,
      request: { params: productIdParam, body: jsonBody(method === "put" ? replaceProductBody : updateProductBody) },
      responses: { 200: jsonContent(adminProductSchema, "Updated"), ...writeErrors },
    }),
    async (c) => {
      const db = c.var.deps.db;
      const product = await updateProduct(c.var.deps, actorOf(c), c.req.valid("param").id, c.req.valid("json"));
      return c.json(await adminProductView(db, product), 200);
    },
  );
}

adminProductsRouter.openapi(
  createRoute({
    method: "delete",
    path: "/admin/products/{id}",
    tags: ["Catalog admin"],
    summary: "Soft-delete a product (hidden from public reads)",
    security: bearerSecurity,
    middleware: [catalogEditors] as const,
    request: { params: productIdParam },
    responses: { 204: { description: "Deleted" }, ...errorResponses },
  }),
  async (c) => {
    await deleteProduct(c.var.deps, actorOf(c), c.req.valid("param").id);
    return c.body(null, 204);
  },
);

adminProductsRouter.openapi(
  createRoute({
    method: "post",
    path: "/admin/products/{id}/restore",
    tags: ["Catalog admin"],
    summary: "Undo a soft delete: the product is back in search, listings and the cache (a live product is left as it is)",
    security: bearerSecurity,
    middleware: [catalogEditors] as const,
    request: { params: productIdParam },
    responses: { 200: jsonContent(adminProductSchema, "Restored"), ...errorResponses },
  }),
  async (c) => {
    const db = c.var.deps.db;
    return c.json(await adminProductView(db, await restoreProduct(c.var.deps, actorOf(c), c.req.valid("param").id)), 200);
  },
);
