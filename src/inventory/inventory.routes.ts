import { createRoute } from "@hono/zod-openapi";
import { requireRole } from "../lib/auth";
import { cursorPage, cursorQuery } from "../lib/cursor";
import { bearerSecurity, errorContent, errorResponses, idParam, jsonBody, jsonContent } from "../lib/openapi";
import { adjustHeaders, inventoryQuery, inventoryRowSchema, lowStockQuery, lowStockRowSchema, stockChangeBody, stockStateSchema } from "./schemas";

const stockRoles = requireRole("admin", "staff", "seller");

export const adjustStock = createRoute({
  method: "post",
  path: "/admin/variants/{id}/stock",
  tags: ["Inventory"],
  summary: "Adjust a variant's stock by a delta or to a counted quantity",
  description: "Never below the units held for unpaid orders (409 below_held). Answers with the stock object's new state.",
  security: bearerSecurity,
  middleware: [stockRoles] as const,
  request: { params: idParam, headers: adjustHeaders, body: jsonBody(stockChangeBody) },
  responses: {
    200: jsonContent(stockStateSchema, "The variant's stock after the change"),
    ...errorResponses,
    409: errorContent("Would take on_hand below what is held"),
  },
});

export const listInventory = createRoute({
  method: "get",
  path: "/admin/inventory",
  tags: ["Inventory"],
  summary: "Stock per variant by SKU, in cursor pages (read model; follows the stock objects within a moment)",
  security: bearerSecurity,
  middleware: [stockRoles] as const,
  request: { query: cursorQuery.extend(inventoryQuery.shape) },
  responses: { 200: jsonContent(cursorPage(inventoryRowSchema), "Inventory"), ...errorResponses },
});

export const listLowStock = createRoute({
  method: "get",
  path: "/admin/inventory/low-stock",
  tags: ["Inventory"],
  summary: "Variants whose available stock is below a threshold, with the units to add to reach it",
  security: bearerSecurity,
  middleware: [stockRoles] as const,
  request: { query: cursorQuery.extend(lowStockQuery.shape) },
  responses: { 200: jsonContent(cursorPage(lowStockRowSchema), "Low stock"), ...errorResponses },
});
