import { createRoute } from "@hono/zod-openapi";
import { createDb, createSessionDb } from "../db/client";
import { requireRole } from "../lib/auth";
import { bearerSecurity, createRouter, errorContent, errorResponses, idParam, jsonBody, jsonContent } from "../lib/openapi";
import {
  categoryDetailSchema,
  categorySchema,
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
  toCategoryView,
  updateCategory,
} from "./categories-service";
import { catalogRead, EDGE_TTL_SECONDS } from "./edge-cache";

export const categoriesRouter = createRouter();

/** The taxonomy is shared by every store, so only admin and staff shape it. */
const editors = requireRole("admin", "staff");

categoriesRouter.openapi(
  createRoute({
    method: "get",
    path: "/categories",
    tags: ["Catalog"],
    summary: "The category tree",
    responses: { 200: jsonContent(categoryTreeSchema, "Root categories with their children, nested") },
  }),
  async (c) => {
    const { body } = await catalogRead(c, EDGE_TTL_SECONDS, async (d1) => ({ data: await categoryTree(createSessionDb(d1)) }));
    return c.json(body, 200);
  },
);

categoriesRouter.openapi(
  createRoute({
    method: "get",
    path: "/categories/{slug}",
    tags: ["Catalog"],
    summary: "A category with its ancestors and children",
    request: { params: slugParam },
    responses: { 200: jsonContent(categoryDetailSchema, "The category"), 404: errorResponses[404] },
  }),
  async (c) => {
    const slug = c.req.valid("param").slug;
    const { body } = await catalogRead(c, EDGE_TTL_SECONDS, (d1) => categoryBySlug(createSessionDb(d1), slug));
    return c.json(body, 200);
  },
);

categoriesRouter.openapi(
  createRoute({
    method: "post",
    path: "/admin/categories",
    tags: ["Catalog admin"],
    summary: "Create a category (admin, staff)",
    security: bearerSecurity,
    middleware: [editors] as const,
    request: { body: jsonBody(createCategoryBody) },
    responses: {
      201: jsonContent(categorySchema, "Created"),
      ...errorResponses,
      409: errorContent("Slug taken"),
      422: errorContent("unknown_category: the parent does not exist"),
    },
  }),
  async (c) => c.json(toCategoryView(await createCategory(createDb(c.env.DB), c.req.valid("json"))), 201),
);

categoriesRouter.openapi(
  createRoute({
    method: "patch",
    path: "/admin/categories/{id}",
    tags: ["Catalog admin"],
    summary: "Rename or move a category (admin, staff)",
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
    c.json(toCategoryView(await updateCategory(createDb(c.env.DB), c.req.valid("param").id, c.req.valid("json"))), 200),
);

categoriesRouter.openapi(
  createRoute({
    method: "delete",
    path: "/admin/categories/{id}",
    tags: ["Catalog admin"],
    summary: "Delete an empty category (admin, staff)",
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
    await deleteCategory(createDb(c.env.DB), c.req.valid("param").id);
    return c.body(null, 204);
  },
);
