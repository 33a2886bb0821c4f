import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { vi } from "vitest";
import { createDb } from "../../src/db/client";
import { orders, productVariants } from "../../src/db/schema";
import { applyPaymentSucceeded } from "../../src/payments/effects";
import { providerDeps } from "../../src/payments/providers";
import { insertPayment } from "../../src/payments/store";
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
    { timeout: 30_000, interval: 20 },
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
 * A manual transfer recorded and confirmed, through the order's authority as staff confirm does
 * (test/payments covers the providers' own paths). Resolves once the order is paid.
 */
export async function markPaid(orderId: string) {
  const db = createDb(env.DB);
  const order = await db.query.orders.findFirst({ where: eq(orders.id, orderId) });
  if (!order) throw new Error("no order");
  const payment = await insertPayment(
    db,
    { id: crypto.randomUUID(), orderId, provider: "manual", providerRef: null, amount: order.total, currency: order.currency, status: "pending", clientData: {} },
    "test",
  );
  const reply = await applyPaymentSucceeded({ env, db, providers: providerDeps(env) }, payment, { amount: order.total, currency: order.currency, source: "test" });
  if (reply.outcome !== "applied") throw new Error(`payment not applied: ${reply.outcome}`);
  const paid = await db.query.orders.findFirst({ where: eq(orders.id, orderId) });
  if (!paid) throw new Error("no order");
  return paid;
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
