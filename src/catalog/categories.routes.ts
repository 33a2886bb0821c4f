import { createRoute } from "@hono/zod-openapi";
import { bearerSecurity, errorContent, errorResponses, idParam, jsonBody, jsonContent } from "../lib/openapi";
import { catalogEditors } from "./access";
import { categoryDetailSchema, categorySchema, categoryTreeQuery, categoryTreeSchema, createCategoryBody, slugParam, updateCategoryBody } from "./category-schemas";

export const getCategoryTree = createRoute({
  method: "get",
  path: "/categories",
  tags: ["Catalog"],
  summary: "The global category tree; with store, merged with that store's own categories",
  description:
    "With `?store=` a shopper in that store sees every category its products may use: the global tree and the store's own " +
    "(a store's root sits beside the global roots; a store category may hang under a store category only). Each node's store_id is null for global ones.",
  request: { query: categoryTreeQuery },
  responses: { 200: jsonContent(categoryTreeSchema, "Root categories with their children, nested"), 404: errorResponses[404] },
});

export const getCategory = createRoute({
  method: "get",
  path: "/categories/{slug}",
  tags: ["Catalog"],
  summary: "A category of the global tree (with store: of that store's tree first, else the global one) with its ancestors and children",
  request: { params: slugParam, query: categoryTreeQuery },
  responses: { 200: jsonContent(categoryDetailSchema, "The category"), 404: errorResponses[404] },
});

export const createCategory = createRoute({
  method: "post",
  path: "/admin/categories",
  tags: ["Catalog admin"],
  summary: "Create a category: global (admin, staff) or a store's (its seller, admin, staff)",
  security: bearerSecurity,
  middleware: [catalogEditors] as const,
  request: { body: jsonBody(createCategoryBody) },
  responses: {
    201: jsonContent(categorySchema, "Created"),
    ...errorResponses,
    409: errorContent("Slug taken"),
    422: errorContent("unknown_category: no such parent in this tree; unknown_store"),
  },
});

export const updateCategory = createRoute({
  method: "patch",
  path: "/admin/categories/{id}",
  tags: ["Catalog admin"],
  summary: "Rename or move a category within its tree",
  security: bearerSecurity,
  middleware: [catalogEditors] as const,
  request: { params: idParam, body: jsonBody(updateCategoryBody) },
  responses: {
    200: jsonContent(categorySchema, "Updated"),
    ...errorResponses,
    409: errorContent("Slug taken"),
    422: errorContent("unknown_category, or category_cycle when moving under its own subtree"),
  },
});

export const deleteCategory = createRoute({
  method: "delete",
  path: "/admin/categories/{id}",
  tags: ["Catalog admin"],
  summary: "Delete an empty category",
  security: bearerSecurity,
  middleware: [catalogEditors] as const,
  request: { params: idParam },
  responses: {
    204: { description: "Deleted" },
    ...errorResponses,
    409: errorContent("category_has_children or category_has_products"),
  },
});
