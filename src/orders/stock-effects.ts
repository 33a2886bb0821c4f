import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { orderItems } from "../db/schema";
import type { Env } from "../env";
import { adjustStock, type OrderLine, releaseOrder } from "../inventory/service";
import type { StockEffects } from "./transitions";
import type { OrderRow } from "./views";

export async function orderLines(db: Db, orderId: string): Promise<OrderLine[]> {
  const rows = await db
    .select({ variantId: orderItems.variantId, qty: orderItems.quantity })
    .from(orderItems)
    .where(eq(orderItems.orderId, orderId));
  return rows;
}

/** Order status changes move stock only through the inventory service (DESIGN.md invariant 1). */
export function stockEffects(env: Env, db: Db, actorId: string | null): StockEffects {
  return {
    async releaseHolds(order: OrderRow) {
      await releaseOrder(env, order.id, await orderLines(db, order.id));
    },
    async restock(order: OrderRow) {
      for (const line of await orderLines(db, order.id)) {
        // Keyed by order and variant: a retried cancellation returns the units once.
        await adjustStock(env, line.variantId, { delta: line.qty }, `order ${order.number} cancelled`, actorId ?? "system", `restock:${order.id}:${line.variantId}`);
      }
    },
  };
}
