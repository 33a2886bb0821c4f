import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { vi } from "vitest";
import { createDb } from "../../src/db/client";
import { orders, productVariants } from "../../src/db/schema";
import { stockEffects } from "../../src/orders/stock-effects";
import { transitionOrder } from "../../src/orders/transitions";
import { commitOrder, reservationTtlMs } from "../../src/inventory/service";
import { orderLines } from "../../src/orders/stock-effects";
import { api, json, registerCustomer } from "../helpers";
import { addItem, type CartCaller, cartApi, newGuest } from "../cart/fixtures";
import { createVariant } from "../inventory/fixtures";

export const ADDRESS = {
  name: "Sari Wulandari",
  phone: "+6281234567890",
  line1: "Jl. Merdeka No. 1",
  city: "Bandung",
  postal_code: "40111",
  country: "ID",
};

/** A variant whose stock object holds `stock` units, once the D1 read model (which carts read) shows it. */
export async function stockedVariant(stock: number) {
  const variant = await createVariant({ stock });
  await vi.waitFor(
    async () => {
      const row = await createDb(env.DB).query.productVariants.findFirst({ where: eq(productVariants.id, variant.id) });
      if (row?.available !== stock) throw new Error("read model not there yet");
    },
    { timeout: 5_000, interval: 20 },
  );
  return variant;
}

export async function guestWith(variantId: string, quantity: number): Promise<CartCaller & { cartToken: string }> {
  const guest = await newGuest();
  await addItem(guest, variantId, quantity);
  return guest;
}

export function placeOrder(who: CartCaller, body: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return api("/orders", {
    body: { shipping_address: ADDRESS, ...body },
    ...(who.token ? { token: who.token } : {}),
    headers: { ...(who.cartToken ? { "X-Cart-Token": who.cartToken } : {}), ...headers },
  });
}

/**
 * Payment success as payments/effects.ts applies it, without a provider round trip (test/payments
 * covers that): commit the holds, then the system moves the order to paid.
 */
export async function markPaid(orderId: string) {
  const db = createDb(env.DB);
  const order = await db.query.orders.findFirst({ where: eq(orders.id, orderId) });
  if (!order) throw new Error("no order");
  await commitOrder(env, order.id, await orderLines(db, order.id), reservationTtlMs(env));
  return transitionOrder(env, db, order, { to: "paid", actor: "system", actorId: null }, stockEffects(env, db, null));
}

/** A customer with `qty` units of a fresh variant ordered (pending payment). */
export async function customerOrder(stock = 5, qty = 1) {
  const v = await stockedVariant(stock);
  const customer = await registerCustomer();
  await addItem(customer, v.id, qty);
  const order = await json(await placeOrder(customer));
  return { v, customer, order };
}

export { cartApi, json };
