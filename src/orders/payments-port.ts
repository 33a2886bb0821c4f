import type { OrderPort } from "../payments/order-port";
import { getOrderFor } from "./access";
import { sendOrderCommand } from "./order-client";

/** The orders side of payments' port (payments/order-port.ts), wired by the composition root (src/index.ts). */
export const ordersForPayments: OrderPort = { orderFor: getOrderFor, command: sendOrderCommand };
