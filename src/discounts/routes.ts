import { actorOf } from "../audit/actor";
import { createRoute } from "@hono/zod-openapi";
import { requireRole } from "../lib/auth";
import { bearerSecurity, createRouter, errorContent, errorResponses, idParam, jsonBody, jsonContent } from "../lib/openapi";
import { envelope, paginated, paginationQuery } from "../lib/pagination";
import { createDiscountBody, discountSchema, listDiscountsQuery, updateDiscountBody } from "./schemas";
import { createDiscount, deleteDiscount, getDiscount, listDiscounts, toDiscountView, updateDiscount } from "./service";

export const discountsRouter = createRouter();
const tags = ["Discounts"];
const guard = requireRole("admin", "staff");

discountsRouter.openapi(
  createRoute({
    method: "get",
    path: "/admin/discounts",
    tags,
    summary: "List discount codes (admin, staff)",
    security: bearerSecurity,
    middleware: [guard] as const,
    request: { query: paginationQuery.extend(listDiscountsQuery.shape) },
    responses: { 200: jsonContent(paginated(discountSchema), "Discount codes"), ...errorResponses },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const { items, total } = await listDiscounts(c.var.deps.db, { search: q.search }, q);
    return c.json(envelope(items, q, total), 200);
  },
);

discountsRouter.openapi(
  createRoute({
    method: "post",
    path: "/admin/discounts",
    tags,
    summary: "Create a discount code (admin, staff)",
    security: bearerSecurity,
    middleware: [guard] as const,
    request: { body: jsonBody(createDiscountBody) },
    responses: { 201: jsonContent(discountSchema, "Created"), ...errorResponses, 409: errorContent("Code taken") },
  }),
  async (c) => c.json(toDiscountView(await createDiscount(c.var.deps.db, actorOf(c), c.req.valid("json"))), 201),
);

discountsRouter.openapi(
  createRoute({
    method: "get",
    path: "/admin/discounts/{id}",
    tags,
    summary: "Read a discount code (admin, staff)",
    security: bearerSecurity,
    middleware: [guard] as const,
    request: { params: idParam },
    responses: { 200: jsonContent(discountSchema, "The code"), ...errorResponses },
  }),
  async (c) => c.json(toDiscountView(await getDiscount(c.var.deps.db, c.req.valid("param").id)), 200),
);

discountsRouter.openapi(
  createRoute({
    method: "patch",
    path: "/admin/discounts/{id}",
    tags,
    summary: "Update a discount code (admin, staff)",
    security: bearerSecurity,
    middleware: [guard] as const,
    request: { params: idParam, body: jsonBody(updateDiscountBody) },
    responses: { 200: jsonContent(discountSchema, "Updated"), ...errorResponses, 409: errorContent("Code taken") },
  }),
  async (c) =>
    c.json(
      toDiscountView(await updateDiscount(c.var.deps, actorOf(c), c.req.valid("param").id, c.req.valid("json"))),
      200,
    ),
);

discountsRouter.openapi(
  createRoute({
    method: "delete",
    path: "/admin/discounts/{id}",
    tags,
    summary: "Delete a discount code (admin, staff); carts holding it drop it",
    security: bearerSecurity,
    middleware: [guard] as const,
    request: { params: idParam },
    responses: { 204: { description: "Deleted" }, ...errorResponses },
  }),
  async (c) => {
    await deleteDiscount(c.var.deps, actorOf(c), c.req.valid("param").id);
    return c.body(null, 204);
  },
);
