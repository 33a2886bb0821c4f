import { actorOf } from "../audit/actor";
import { principalOf } from "../lib/auth";
import type { AppRouteHandler } from "../lib/openapi";
import { iso } from "../lib/time";
import { assertVariantAccess, ownStoreOf } from "./access";
import type * as routes from "./inventory.routes";
import * as queries from "./queries";
import type { StockChangeInput, StockStateView } from "./schemas";
import * as service from "./service";
import type { StockChange, StockSnapshot } from "./stock-types";

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

export const adjustStock: AppRouteHandler<typeof routes.adjustStock> = async (c) => {
  const principal = actorOf(c);
  const { id } = c.req.valid("param");
  const body = c.req.valid("json");
  const clientKey = c.req.valid("header")["idempotency-key"];
  await assertVariantAccess(c.var.deps, principal, id);
  // Scoped to the caller, so two admins' keys never collide.
  const key = clientKey ? `admin:${principal.id}:${clientKey}` : undefined;
  const snapshot = await service.adjustStock(c.env, id, toChange(body), body.reason, principal.id, key, principal);
  return c.json(toStockView(id, snapshot), 200);
};

export const listInventory: AppRouteHandler<typeof routes.listInventory> = async (c) => {
  const q = c.req.valid("query");
  const scope = { ...q, ownStoreId: ownStoreOf(principalOf(c)) };
  return c.json(await queries.listInventory(c.var.deps, scope, q), 200);
};

export const listLowStock: AppRouteHandler<typeof routes.listLowStock> = async (c) => {
  const q = c.req.valid("query");
  const scope = { ...q, ownStoreId: ownStoreOf(principalOf(c)) };
  return c.json(await queries.listLowStock(c.var.deps, scope, q.threshold, q), 200);
};
