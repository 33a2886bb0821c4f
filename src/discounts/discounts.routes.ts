import { createRoute } from "@hono/zod-openapi";
import { requireRole } from "../lib/auth";
import { bearerSecurity, errorContent, errorResponses, idParam, jsonBody, jsonContent } from "../lib/openapi";
import { paginated, paginationQuery } from "../lib/pagination";
import { createDiscountBody, discountSchema, listDiscountsQuery, updateDiscountBody } from "./schemas";

const tags = ["Discounts"];

const guard = requireRole("admin", "staff");

export const list = createRoute({
  method: "get",
  path: "/admin/discounts",
  tags,
  summary: "List discount codes (admin, staff)",
  security: bearerSecurity,
  middleware: [guard] as const,
  request: { query: paginationQuery.extend(listDiscountsQuery.shape) },
  responses: { 200: jsonContent(paginated(discountSchema), "Discount codes"), ...errorResponses },
});

export const create = createRoute({
  method: "post",
  path: "/admin/discounts",
  tags,
  summary: "Create a discount code (admin, staff)",
  security: bearerSecurity,
  middleware: [guard] as const,
  request: { body: jsonBody(createDiscountBody) },
  responses: { 201: jsonContent(discountSchema, "Created"), ...errorResponses, 409: errorContent("Code taken") },
});

export const get = createRoute({
  method: "get",
  path: "/admin/discounts/{id}",
  tags,
  summary: "Read a discount code (admin, staff)",
  security: bearerSecurity,
  middleware: [guard] as const,
  request: { params: idParam },
  responses: { 200: jsonContent(discountSchema, "The code"), ...errorResponses },
});

export const update = createRoute({
  method: "patch",
  path: "/admin/discounts/{id}",
  tags,
  summary: "Update a discount code (admin, staff)",
  security: bearerSecurity,
  middleware: [guard] as const,
  request: { params: idParam, body: jsonBody(updateDiscountBody) },
  responses: { 200: jsonContent(discountSchema, "Updated"), ...errorResponses, 409: errorContent("Code taken") },
});

export const remove = createRoute({
  method: "delete",
  path: "/admin/discounts/{id}",
  tags,
  summary: "Delete a discount code (admin, staff); carts holding it drop it",
  security: bearerSecurity,
  middleware: [guard] as const,
  request: { params: idParam },
  responses: { 204: { description: "Deleted" }, ...errorResponses },
});
