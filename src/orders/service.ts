import { and, eq, lt } from "drizzle-orm";
import type { Actor as AuditActor } from "../audit/actor";
import type { Db } from "../db/client";
import { orderItems, orders } from "../db/schema";
import type { DbDeps } from "../env";
import type { ErrorCode } from "../lib/error-codes";
import { AppError, forbidden } from "../lib/errors";
import { log } from "../lib/log";
import { getOrderFor, type OrderViewer } from "./access";
import type { Command } from "./lifecycle-types";
import { sendOrderCommand } from "./order-client";
import type { TransitionInput } from "./schemas";
import type { OrderRow } from "./views";

/** The order after a command, and whether its authority finished every step (else it does so by alarm). */
export interface CommandResult {
  order: OrderRow;
  settled: boolean;
}

async function command(deps: DbDeps, order: OrderRow, cmd: Command): Promise<CommandResult> {
  const { env, db } = deps;
  const reply = await sendOrderCommand(env, order.id, cmd);
  const fresh = (await db.query.orders.findFirst({ where: eq(orders.id, order.id) })) ?? order;
  // D1 is written by the object's steps; while one waits for a retry the decided status is the truth.
  return { order: { ...fresh, status: reply.status }, settled: reply.settled };
}

/**
 * A customer (or a guest holding the order token) cancels their own order before it ships; a paid one is refunded.
 * Staff and sellers may cancel here too: theirs is audited.
 */
export async function cancelOrder(deps: DbDeps, orderId: string, viewer: OrderViewer, requestId: string, note?: string): Promise<CommandResult> {
  const order = await getOrderFor(deps, orderId, viewer);
  const { principal } = viewer;
  const actor = principal?.role ?? "customer";
  const by = principal && principal.role !== "customer" ? { ...principal, requestId } : undefined;
  return command(deps, order, { type: "cancel", actor, actorId: principal?.id ?? null, note, ...(by ? { by } : {}) });
}

async function sellerOwnsEveryLine(db: Db, orderId: string, storeId: string | null): Promise<boolean> {
  const stores = await db.selectDistinct({ storeId: orderItems.storeId }).from(orderItems).where(eq(orderItems.orderId, orderId));
  return stores.length > 0 && stores.every((s) => s.storeId === storeId);
}

/** Staff move any order; a seller only orders made entirely of their store's items. */
export async function staffTransition(deps: DbDeps, principal: AuditActor, orderId: string, input: TransitionInput): Promise<CommandResult> {
  const { db } = deps;
  const order = await getOrderFor(deps, orderId, { principal });
  if (principal.role === "seller" && !(await sellerOwnsEveryLine(db, order.id, principal.storeId))) {
    throw forbidden("This order holds other stores' items; staff fulfil it");
  }
  return command(deps, order, {
    type: "transition",
    to: input.to,
    actor: principal.role,
    actorId: principal.id,
    trackingNumber: input.tracking_number,
    note: input.note,
    by: principal,
  });
}

export interface BulkResult {
  order_id: string;
  ok: boolean;
  status?: string;
  error?: { code: ErrorCode; message: string };
}

/** Each order is validated and moved on its own; one failure does not stop the others. */
export async function bulkTransition(
  deps: DbDeps,
  principal: AuditActor,
  orderIds: string[],
  input: Omit<TransitionInput, "tracking_number">,
): Promise<BulkResult[]> {
  const results: BulkResult[] = [];
  for (const orderId of new Set(orderIds)) {
    try {
      const { order } = await staffTransition(deps, principal, orderId, input);
      results.push({ order_id: orderId, ok: true, status: order.status });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      results.push({ order_id: orderId, ok: false, error: { code: err.code, message: err.message } });
    }
  }
  return results;
}

/**
 * Cron: unpaid orders whose hold lapsed are expired by their own object (which also does this by
 * alarm once it knows the order); this reaches orders no command ever woke.
 */
export async function expireLapsedOrders(deps: DbDeps, now = Date.now()): Promise<number> {
  const { env, db } = deps;
  const lapsed = await db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.status, "pending_payment"), lt(orders.reservationExpiresAt, now)))
    .limit(200);
  let expired = 0;
  for (const { id } of lapsed) {
    try {
      const reply = await sendOrderCommand(env, id, { type: "expire" });
      if (reply.outcome === "applied") expired++;
    } catch (err) {
      log("warn", "orders.expire_failed", { order_id: id, error: String(err) });
    }
  }
  return expired;
}
