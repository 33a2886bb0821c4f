import { and, eq, lt } from "drizzle-orm";
import type { Db } from "../db/client";
import { orderItems, orders } from "../db/schema";
import type { Env, Principal } from "../env";
import { AppError, forbidden } from "../lib/errors";
import { log } from "../lib/log";
import { getOrderFor, type OrderViewer } from "./access";
import type { TransitionInput } from "./schemas";
import { stockEffects } from "./stock-effects";
import { transitionOrder } from "./transitions";
import type { OrderRow } from "./views";

/** A customer (or a guest holding the order token) cancels their own order before it ships. */
export async function cancelOrder(env: Env, db: Db, orderId: string, viewer: OrderViewer, note?: string): Promise<OrderRow> {
  const order = await getOrderFor(db, orderId, viewer);
  const actorId = viewer.principal?.id ?? null;
  const actor = viewer.principal?.role ?? "customer";
  return transitionOrder(env, db, order, { to: "cancelled", actor, actorId, note }, stockEffects(env, db, actorId));
}

async function sellerOwnsEveryLine(db: Db, orderId: string, storeId: string | null): Promise<boolean> {
  const stores = await db.selectDistinct({ storeId: orderItems.storeId }).from(orderItems).where(eq(orderItems.orderId, orderId));
  return stores.length > 0 && stores.every((s) => s.storeId === storeId);
}

/** Staff move any order; a seller only orders made entirely of their store's items. */
export async function staffTransition(
  env: Env,
  db: Db,
  principal: Principal,
  orderId: string,
  input: TransitionInput,
): Promise<OrderRow> {
  const order = await getOrderFor(db, orderId, { principal });
  if (principal.role === "seller" && !(await sellerOwnsEveryLine(db, order.id, principal.storeId))) {
    throw forbidden("This order holds other stores' items; staff fulfil it");
  }
  return transitionOrder(
    env,
    db,
    order,
    { to: input.to, actor: principal.role, actorId: principal.id, trackingNumber: input.tracking_number, note: input.note },
    stockEffects(env, db, principal.id),
  );
}

export interface BulkResult {
  order_id: string;
  ok: boolean;
  status?: string;
  error?: { code: string; message: string };
}

/** Each order is validated and moved on its own; one failure does not stop the others. */
export async function bulkTransition(
  env: Env,
  db: Db,
  principal: Principal,
  orderIds: string[],
  input: Omit<TransitionInput, "tracking_number">,
): Promise<BulkResult[]> {
  const results: BulkResult[] = [];
  for (const orderId of new Set(orderIds)) {
    try {
      const order = await staffTransition(env, db, principal, orderId, input);
      results.push({ order_id: orderId, ok: true, status: order.status });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      results.push({ order_id: orderId, ok: false, error: { code: err.code, message: err.message } });
    }
  }
  return results;
}

/** Cron: unpaid orders whose hold lapsed become `expired`, and their stock and discount use go back. */
export async function expireLapsedOrders(env: Env, db: Db, now = Date.now()): Promise<number> {
  const lapsed = await db
    .select()
    .from(orders)
    .where(and(eq(orders.status, "pending_payment"), lt(orders.reservationExpiresAt, now)))
    .limit(200);
  let expired = 0;
  for (const order of lapsed) {
    try {
      await transitionOrder(env, db, order, { to: "expired", actor: "system", actorId: null }, stockEffects(env, db, null));
      expired++;
    } catch (err) {
      log("warn", "orders.expire_failed", { order_id: order.id, error: String(err) });
    }
  }
  return expired;
}
