/** Order statuses and the moves staff, admins and sellers may ask for (the API decides; it says why not). */
import type { components } from "../../client/index.ts";

export type OrderStatus = components["schemas"]["Order"]["status"];
export const ORDER_STATUSES: OrderStatus[] = [
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
];

/** The next steps of the fulfilment flow (src/orders/state-machine.ts); cancel has its own button. */
export const NEXT_STEPS: Partial<Record<OrderStatus, OrderStatus[]>> = {
  paid: ["processing"],
  processing: ["shipped"],
  shipped: ["out_for_delivery", "delivered"],
  out_for_delivery: ["delivered"],
};

export const CANCELLABLE: OrderStatus[] = ["pending_payment", "paid", "processing"];
