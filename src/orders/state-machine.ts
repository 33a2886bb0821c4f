import type { Role } from "../env";
import type { OrderStatus } from "./order-statuses";

// The statuses live in a module with no imports, which the admin console shares.
export { ORDER_STATUSES, type OrderStatus } from "./order-statuses";

/** Who asks for a transition. `system` is payments, webhooks and the expiry sweep. */
export type Actor = Role | "system";

const REFUNDS: OrderStatus[] = ["refunded", "partially_refunded"];

/** Every allowed edge, with the actors that may take it. Anything else is `invalid_transition`. */
const EDGES: Record<OrderStatus, Partial<Record<OrderStatus, readonly Actor[]>>> = {
  pending_payment: {
    paid: ["system"],
    cancelled: ["customer", "staff", "admin", "system"],
    expired: ["system"],
  },
  paid: {
    processing: ["staff", "admin", "seller"],
    cancelled: ["customer", "staff", "admin"],
    ...Object.fromEntries(REFUNDS.map((s) => [s, ["system"] as const])),
  },
  processing: {
    shipped: ["staff", "admin", "seller"],
    cancelled: ["customer", "staff", "admin"],
    ...Object.fromEntries(REFUNDS.map((s) => [s, ["system"] as const])),
  },
  shipped: {
    out_for_delivery: ["staff", "admin", "seller"],
    ...Object.fromEntries(REFUNDS.map((s) => [s, ["system"] as const])),
  },
  out_for_delivery: {
    delivered: ["staff", "admin", "seller"],
    ...Object.fromEntries(REFUNDS.map((s) => [s, ["system"] as const])),
  },
  delivered: Object.fromEntries(REFUNDS.map((s) => [s, ["system"] as const])),
  partially_refunded: { refunded: ["system"] },
  cancelled: {},
  refunded: {},
  // A payment that lands after the hold lapsed: paid only if the stock could be held again (payments domain).
  expired: { paid: ["system"] },
};

export function canTransition(from: OrderStatus, to: OrderStatus, actor: Actor): boolean {
  return EDGES[from][to]?.includes(actor) ?? false;
}

/** Whether `to` is reachable from `from` at all, whoever asks (separates 403 from 409). */
export function isEdge(from: OrderStatus, to: OrderStatus): boolean {
  return EDGES[from][to] !== undefined;
}

export function nextStatuses(from: OrderStatus, actor: Actor): OrderStatus[] {
  return (Object.keys(EDGES[from]) as OrderStatus[]).filter((to) => canTransition(from, to, actor));
}
