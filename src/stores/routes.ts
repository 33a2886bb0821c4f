import { actorOf } from "../audit/actor";
import { createRoute } from "@hono/zod-openapi";
import { requireRole } from "../lib/auth";
import { bearerSecurity, createRouter, errorContent, errorResponses, idParam, jsonBody, jsonContent } from "../lib/openapi";
import { envelope, paginated, paginationQuery } from "../lib/pagination";
import { createStoreBody, listStoresQuery, storeSchema, storeSlugParam, updateStoreBody } from "./schemas";
import { createStore, getActiveStoreBySlug, listStores, toStoreView, updateStore } from "./service";
import { aroundStoreWrite } from "./write-listener";

export const storesRouter = createRouter();

storesRouter.openapi(
  createRoute({
    method: "get",
    path: "/stores",
    tags: ["Stores"],
    summary: "List active stores",
    request: { query: paginationQuery.extend(listStoresQuery.shape) },
    responses: { 200: jsonContent(paginated(storeSchema), "Stores"), 400: errorResponses[400] },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const { items, total } = await listStores(c.var.deps.db, { search: q.search, activeOnly: true }, q);
    return c.json(envelope(items, q, total), 200);
  },
);

storesRouter.openapi(
  createRoute({
    method: "get",
    path: "/stores/{slug}",
    tags: ["Stores"],
    summary: "Read an active store by slug",
    request: { params: storeSlugParam },
    responses: { 200: jsonContent(storeSchema, "The store"), 404: errorResponses[404] },
  }),
  async (c) => c.json(toStoreView(await getActiveStoreBySlug(c.var.deps.db, c.req.valid("param").slug)), 200),
);

storesRouter.openapi(
  createRoute({
    method: "post",
    path: "/admin/stores",
    tags: ["Stores"],
    summary: "Create a store (admin)",
    security: bearerSecurity,
    middleware: [requireRole("admin")] as const,
    request: { body: jsonBody(createStoreBody) },
    responses: {
      201: jsonContent(storeSchema, "Created"),
      ...errorResponses,
      409: errorContent("Slug taken"),
    },
  }),
  async (c) => c.json(toStoreView(await createStore(c.var.deps.db, actorOf(c), c.req.valid("json"))), 201),
);

storesRouter.openapi(
  createRoute({
    method: "patch",
    path: "/admin/stores/{id}",
    tags: ["Stores"],
    summary: "Update a store (admin)",
    security: bearerSecurity,
    // A store's suspension shows in catalog reads: this isolate's catalog version is forgotten at once.
    middleware: [requireRole("admin"), aroundStoreWrite] as const,
    request: { params: idParam, body: jsonBody(updateStoreBody) },
    responses: { 200: jsonContent(storeSchema, "Updated"), ...errorResponses, 409: errorContent("Slug taken") },
  }),
  async (c) =>
    c.json(toStoreView(await updateStore(c.var.deps, actorOf(c), c.req.valid("param").id, c.req.valid("json"))), 200),
);
