/**
 * The order statuses and the moves staff ask for. No imports: the admin console (console/, which has no Worker
 * types) imports this module as the Worker does. The transition table (state-machine.ts) decides what is allowed;
 * the steps below follow it (test/orders/status-and-access.test.ts checks that they agree).
 */
export const ORDER_STATUSES = [
  "pending_payment",
  "paid",
  "processing",
  "shipped",
  "out_for_delivery",
  "delivered",
  "cancelled",
  "refunded",
  "partially_refunded",
  "expired",
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** The fulfilment flow staff, admins and sellers move a paid order along: each status's next step. */
export const FULFILMENT_STEPS: Readonly<Partial<Record<OrderStatus, OrderStatus>>> = {
  paid: "processing",
  processing: "shipped",
  shipped: "out_for_delivery",
  out_for_delivery: "delivered",
};

/** The statuses staff and admins may cancel an order from (the customer too; sellers may not). */
export const CANCELLABLE_STATUSES: readonly OrderStatus[] = ["pending_payment", "paid", "processing"];
