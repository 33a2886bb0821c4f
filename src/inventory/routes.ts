import { createRoute } from "@hono/zod-openapi";
import { actorOf } from "../audit/actor";
import { provideStockInitializer } from "../catalog/stock-port";
import { principalOf, requireRole } from "../lib/auth";
import { bearerSecurity, createRouter, errorContent, errorResponses, idParam, jsonBody, jsonContent } from "../lib/openapi";
import { cursorPage, cursorQuery } from "../lib/cursor";
import { iso } from "../lib/time";
import { assertVariantAccess, ownStoreOf } from "./access";
import { listInventory, listLowStock } from "./queries";
import {
  adjustHeaders,
  inventoryQuery,
  inventoryRowSchema,
  lowStockQuery,
  lowStockRowSchema,
  stockChangeBody,
  type StockChangeInput,
  stockStateSchema,
  type StockStateView,
} from "./schemas";
import { adjustStock, initializeStock } from "./service";
import type { StockChange, StockSnapshot } from "./stock-types";

// A new variant's stock starts in its StockObject. The catalog cannot import inventory (inventory reads the catalog's
// variants), so inventory plugs its initializer into the catalog's port here, where the app loads inventory.
provideStockInitializer(initializeStock);

export const inventoryRouter = createRouter();

const stockRoles = requireRole("admin", "staff", "seller");

function toStockView(variantId: string, s: StockSnapshot): StockStateView {
  return {
    variant_id: variantId,
    on_hand: s.on_hand,
    reserved: s.held,
    available: s.available,
    version: s.version,
    holds: s.holds.map((h) => ({ order_id: h.order_id, qty: h.qty, expires_at: iso(h.expires_at) })),
  };
}

function toChange(body: StockChangeInput): StockChange {
  return body.set !== undefined ? { set: body.set } : { delta: body.delta ?? 0 };
}

inventoryRouter.openapi(
  createRoute({
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
  }),
  async (c) => {
    const principal = actorOf(c);
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const clientKey = c.req.valid("header")["idempotency-key"];
    await assertVariantAccess(c.var.deps.db, principal, id);
    // Scoped to the caller, so two admins' keys never collide.
    const key = clientKey ? `admin:${principal.id}:${clientKey}` : undefined;
    const snapshot = await adjustStock(c.env, id, toChange(body), body.reason, principal.id, key, principal);
    return c.json(toStockView(id, snapshot), 200);
  },
);

inventoryRouter.openapi(
  createRoute({
    method: "get",
    path: "/admin/inventory",
    tags: ["Inventory"],
    summary: "Stock per variant by SKU, in cursor pages (read model; follows the stock objects within a moment)",
    security: bearerSecurity,
    middleware: [stockRoles] as const,
    request: { query: cursorQuery.extend(inventoryQuery.shape) },
    responses: { 200: jsonContent(cursorPage(inventoryRowSchema), "Inventory"), ...errorResponses },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const scope = { ...q, ownStoreId: ownStoreOf(principalOf(c)) };
    return c.json(await listInventory(c.var.deps.db, scope, q), 200);
  },
);

inventoryRouter.openapi(
  createRoute({
    method: "get",
    path: "/admin/inventory/low-stock",
    tags: ["Inventory"],
    summary: "Variants whose available stock is below a threshold, with the units to add to reach it",
    security: bearerSecurity,
    middleware: [stockRoles] as const,
    request: { query: cursorQuery.extend(lowStockQuery.shape) },
    responses: { 200: jsonContent(cursorPage(lowStockRowSchema), "Low stock"), ...errorResponses },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const scope = { ...q, ownStoreId: ownStoreOf(principalOf(c)) };
    return c.json(await listLowStock(c.var.deps.db, scope, q.threshold, q), 200);
  },
);
