import { createRoute } from "@hono/zod-openapi";
import { createSessionDb } from "../db/client";
import { actorOf } from "../audit/actor";
import { requireRole } from "../lib/auth";
import { bearerSecurity, createRouter, errorContent, errorResponses, idParam, jsonBody, jsonContent } from "../lib/openapi";
import {
  categoryDetailSchema,
  categorySchema,
  categoryTreeQuery,
  categoryTreeSchema,
  createCategoryBody,
  slugParam,
  updateCategoryBody,
} from "./category-schemas";
import {
  categoryBySlug,
  categoryTree,
  createCategory,
  deleteCategory,
  storeIdOf,
  toCategoryView,
  updateCategory,
} from "./categories-service";
import { catalogRead, EDGE_TTL_SECONDS } from "./edge-cache";

export const categoriesRouter = createRouter();

/** Admin and staff shape the global tree and any store's; a seller their own store's (others' are 404). */
const editors = requireRole("admin", "staff", "seller");

categoriesRouter.openapi(
  createRoute({
    method: "get",
    path: "/categories",
    tags: ["Catalog"],
    summary: "The global category tree; with store, merged with that store's own categories",
    description:
      "With `?store=` a shopper in that store sees every category its products may use: the global tree and the store's own " +
      "(a store's root sits beside the global roots; a store category may hang under a store category only). Each node's store_id is null for global ones.",
    request: { query: categoryTreeQuery },
    responses: { 200: jsonContent(categoryTreeSchema, "Root categories with their children, nested"), 404: errorResponses[404] },
  }),
  async (c) => {
    const { store } = c.req.valid("query");
    const { body } = await catalogRead(c, EDGE_TTL_SECONDS, async (d1) => {
      const db = createSessionDb(d1);
      return { data: await categoryTree(db, store ? await storeIdOf(db, store) : null) };
    });
    return c.json(body, 200);
  },
);

categoriesRouter.openapi(
  createRoute({
    method: "get",
    path: "/categories/{slug}",
    tags: ["Catalog"],
    summary: "A category of the global tree (with store: of that store's tree first, else the global one) with its ancestors and children",
    request: { params: slugParam, query: categoryTreeQuery },
    responses: { 200: jsonContent(categoryDetailSchema, "The category"), 404: errorResponses[404] },
  }),
  async (c) => {
    const slug = c.req.valid("param").slug;
    const { store } = c.req.valid("query");
    const { body } = await catalogRead(c, EDGE_TTL_SECONDS, async (d1) => {
      const db = createSessionDb(d1);
      return categoryBySlug(db, slug, store ? await storeIdOf(db, store) : null);
    });
    return c.json(body, 200);
  },
);

categoriesRouter.openapi(
  createRoute({
    method: "post",
    path: "/admin/categories",
    tags: ["Catalog admin"],
    summary: "Create a category: global (admin, staff) or a store's (its seller, admin, staff)",
    security: bearerSecurity,
    middleware: [editors] as const,
    request: { body: jsonBody(createCategoryBody) },
    responses: {
      201: jsonContent(categorySchema, "Created"),
      ...errorResponses,
      409: errorContent("Slug taken"),
      422: errorContent("unknown_category: no such parent in this tree; unknown_store"),
    },
  }),
  async (c) => c.json(toCategoryView(await createCategory(c.var.deps.db, actorOf(c), c.req.valid("json"))), 201),
);

categoriesRouter.openapi(
  createRoute({
    method: "patch",
    path: "/admin/categories/{id}",
    tags: ["Catalog admin"],
    summary: "Rename or move a category within its tree",
    security: bearerSecurity,
    middleware: [editors] as const,
    request: { params: idParam, body: jsonBody(updateCategoryBody) },
    responses: {
      200: jsonContent(categorySchema, "Updated"),
      ...errorResponses,
      409: errorContent("Slug taken"),
      422: errorContent("unknown_category, or category_cycle when moving under its own subtree"),
    },
  }),
  async (c) =>
    c.json(toCategoryView(await updateCategory(c.var.deps.db, actorOf(c), c.req.valid("param").id, c.req.valid("json"))), 200),
);

categoriesRouter.openapi(
  createRoute({
    method: "delete",
    path: "/admin/categories/{id}",
    tags: ["Catalog admin"],
    summary: "Delete an empty category",
    security: bearerSecurity,
    middleware: [editors] as const,
    request: { params: idParam },
    responses: {
      204: { description: "Deleted" },
      ...errorResponses,
      409: errorContent("category_has_children or category_has_products"),
    },
  }),
  async (c) => {
    await deleteCategory(c.var.deps.db, actorOf(c), c.req.valid("param").id);
    return c.body(null, 204);
  },
);
