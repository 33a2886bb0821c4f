import type { Principal } from "../env";
import type { OrderView } from "./schemas";

/**
 * The store a viewer's order view is cut down to: a seller looking at an order that also holds other
 * stores' lines sees only their own (competitors' items and prices stay private). Null: the full order.
 */
export function scopedStoreOf(principal: Principal | undefined, storeIds: string[]): string | null {
  if (principal?.role !== "seller" || !principal.storeId) return null;
  return storeIds.every((id) => id === principal.storeId) ? null : principal.storeId;
}

/**
 * A mixed order as one store sees it: its lines and their subtotal. The order's discount, shipping
 * and tax belong to the whole order, so they are left out (0) and the total is the store's subtotal.
 */
export function storeView(view: OrderView, storeId: string): OrderView {
  const items = view.items.filter((i) => i.store_id === storeId);
  const subtotal = items.reduce((sum, i) => sum + i.line_total, 0);
  return { ...view, items, subtotal, discount: 0, discount_code: null, shipping: 0, tax: 0, total: subtotal, scoped_store_id: storeId };
}

/** The view a principal may see of an order they can read. */
export function viewFor(principal: Principal | undefined, view: OrderView): OrderView {
  const storeId = scopedStoreOf(principal, view.items.map((i) => i.store_id));
  return storeId ? storeView(view, storeId) : view;
}
