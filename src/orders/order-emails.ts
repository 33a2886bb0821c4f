import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { orderItems, orders } from "../db/schema";
import type { DbDeps, Env } from "../env";
import { formatMoney } from "../lib/money";
import type { EmailMessage } from "../notifications/schemas";
import { queueEmail } from "../notifications/service";
import { type OrderEmailLine, orderStatusEmail, paymentRefundedApologyEmail, type RefundApologyReason } from "../notifications/templates";
import type { OrderRow } from "./views";

type ItemRow = typeof orderItems.$inferSelect;

const toEmailLines = (items: ItemRow[], currency: string): OrderEmailLine[] =>
  items.map((l) => ({ name: l.name, quantity: l.quantity, lineTotal: formatMoney(l.lineTotal, currency) }));

async function emailLines(db: Db, order: OrderRow): Promise<OrderEmailLine[]> {
  return toEmailLines(await db.select().from(orderItems).where(eq(orderItems.orderId, order.id)), order.currency);
}

async function loadOrderRow(db: Db, orderId: string): Promise<OrderRow> {
  const order = await db.query.orders.findFirst({ where: eq(orders.id, orderId) });
  if (!order) throw new Error(`order ${orderId} missing`);
  return order;
}

/** The order's status email, from rows in hand (checkout writes it as an intent in its order batch). */
export function statusEmail(env: Env, order: OrderRow, items: ItemRow[], note: string | null): EmailMessage {
  return orderStatusEmail(env.APP_NAME, {
    orderId: order.id,
    number: order.number,
    email: order.email,
    status: order.status,
    trackingNumber: order.trackingNumber,
    note,
    lines: toEmailLines(items, order.currency),
    total: formatMoney(order.total, order.currency),
    breakdown: [
      { label: "Subtotal", amount: formatMoney(order.subtotal, order.currency) },
      ...(order.discount > 0
        ? [{ label: `Discount${order.discountCode ? ` (${order.discountCode})` : ""}`, amount: `-${formatMoney(order.discount, order.currency)}` }]
        : []),
      { label: "Shipping", amount: formatMoney(order.shipping, order.currency) },
      { label: "Tax", amount: formatMoney(order.tax, order.currency) },
    ],
  });
}

/** The order's current status on the email queue (keyed by order and status, so it is sent once). */
export async function queueStatusEmail(deps: DbDeps, order: OrderRow, note: string | null): Promise<void> {
  const { env, db } = deps;
  await queueEmail(env, statusEmail(env, order, await db.select().from(orderItems).where(eq(orderItems.orderId, order.id)), note));
}

/** The status email as of `status`, for an order step (a failure is retried by the step). */
export async function queueStatusEmailFor(deps: DbDeps, orderId: string, status: string, note: string | null): Promise<void> {
  const { db } = deps;
  await queueStatusEmail(deps, { ...(await loadOrderRow(db, orderId)), status }, note);
}

/** Money we will not keep, and why (keyed by payment, so each refunded payment is apologized for once). */
export async function queueApologyEmail(
  deps: DbDeps,
  orderId: string,
  payment: { id: string; refunded: number },
  reason: RefundApologyReason,
): Promise<void> {
  const { env, db } = deps;
  const order = await loadOrderRow(db, orderId);
  await queueEmail(
    env,
    paymentRefundedApologyEmail(env.APP_NAME, {
      paymentId: payment.id,
      orderId: order.id,
      number: order.number,
      email: order.email,
      reason,
      lines: await emailLines(db, order),
      total: formatMoney(order.total, order.currency),
      refunded: formatMoney(payment.refunded, order.currency),
    }),
  );
}
