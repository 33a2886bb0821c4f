import { createRoute } from "@hono/zod-openapi";
import { requireRole } from "../lib/auth";
import { bearerSecurity, errorContent, errorResponses, idParam, jsonBody, jsonContent } from "../lib/openapi";
import { paginated, paginationQuery } from "../lib/pagination";
import { createStoreBody, listStoresQuery, storeSchema, storeSlugParam, updateStoreBody } from "./schemas";
import { aroundStoreWrite } from "./write-listener";

export const listStores = createRoute({
  method: "get",
  path: "/stores",
  tags: ["Stores"],
  summary: "List active stores",
  request: { query: paginationQuery.extend(listStoresQuery.shape) },
  responses: { 200: jsonContent(paginated(storeSchema), "Stores"), 400: errorResponses[400] },
});

export const getStore = createRoute({
  method: "get",
  path: "/stores/{slug}",
  tags: ["Stores"],
  summary: "Read an active store by slug",
  request: { params: storeSlugParam },
  responses: { 200: jsonContent(storeSchema, "The store"), 404: errorResponses[404] },
});

export const createStore = createRoute({
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
});

export const updateStore = createRoute({
  method: "patch",
  path: "/admin/stores/{id}",
  tags: ["Stores"],
  summary: "Update a store (admin)",
  security: bearerSecurity,
  // A store's suspension shows in catalog reads: this isolate's catalog version is forgotten at once.
  middleware: [requireRole("admin"), aroundStoreWrite] as const,
  request: { params: idParam, body: jsonBody(updateStoreBody) },
  responses: { 200: jsonContent(storeSchema, "Updated"), ...errorResponses, 409: errorContent("Slug taken") },
});
