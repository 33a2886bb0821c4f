/**
 * The README's purchase, through the typed client: a guest finds a product, fills a cart, checks out,
 * pays with Stripe (completed by the local sandbox's simulate route) and reads the order, now paid.
 * Run against `npm run dev`:  node examples/purchase.ts [http://localhost:8787]
 * test/client/purchase-example.test.ts runs the same function against the Worker in workerd.
 */
import { type ShopClient, createShopClient } from "../client/index.ts";

export interface PurchaseResult {
  product: string;
  orderNumber: string;
  paymentId: string;
  status: string;
  paymentStatus: string;
  total: number;
  currency: string;
}

/** Fails loudly with the contract's error code: an example should show what went wrong. */
function must<T>(step: string, result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined) throw new Error(`${step}: HTTP ${result.response.status} ${JSON.stringify(result.error)}`);
  return result.data;
}

export async function purchase(shop: ShopClient, search = "kopi", log: (line: string) => void = () => {}): Promise<PurchaseResult> {
  const found = must("search", await shop.GET("/api/v1/products", { params: { query: { search, in_stock: "true", page_size: 1 } } }));
  const summary = found.data[0];
  if (!summary) throw new Error(`no product in stock matches "${search}"`);
  const product = must("product", await shop.GET("/api/v1/products/{slug}", { params: { path: { slug: summary.slug } } }));
  const variant = product.variants[0];
  if (!variant) throw new Error(`${product.name} has no variant`);
  log(`1. found ${product.name} (${variant.sku})`);

  // A guest cart: the server answers with X-Cart-Token, which names the cart from then on.
  const added = await shop.POST("/api/v1/cart/items", { body: { variant_id: variant.id, quantity: 1 } });
  must("add to cart", added);
  const cartToken = added.response.headers.get("X-Cart-Token");
  if (!cartToken) throw new Error("no X-Cart-Token on a guest cart");
  log(`2. cart has 1 × ${variant.sku}`);

  const order = must(
    "checkout",
    await shop.POST("/api/v1/orders", {
      params: { header: { "x-cart-token": cartToken, "idempotency-key": `example-${crypto.randomUUID()}` } },
      body: {
        email: "example-buyer@example.com",
        shipping_method: "standard",
        shipping_address: { name: "Demo Buyer", phone: "+628123456789", line1: "Jl. Braga 1", city: "Bandung", postal_code: "40111", country: "ID" },
      },
    }),
  );
  const orderToken = order.order_token;
  if (!orderToken) throw new Error("a guest order comes with its order_token");
  log(`3. order ${order.number}: ${order.status}, total ${order.total} ${order.currency}`);

  const asGuest = { header: { "x-order-token": orderToken } };
  const payment = must("pay", await shop.POST("/api/v1/payments", { params: asGuest, body: { order_id: order.id, provider: "stripe" } }));
  log(`4. Stripe payment ${payment.id}: ${payment.status}`);

  // Locally the Stripe sandbox stands in for the card form: it sends the app Stripe's signed webhook.
  const simulated = must(
    "simulate",
    await shop.POST("/api/v1/dev/payments/{id}/simulate", { params: { path: { id: payment.id }, ...asGuest }, body: { outcome: "succeeded" } }),
  );
  log(`5. ${simulated.event.type} → webhook ${simulated.webhook.status}, payment ${simulated.payment.status}`);

  const after = must("order status", await shop.GET("/api/v1/orders/{id}", { params: { path: { id: order.id }, ...asGuest } }));
  log(`6. order ${after.number}: ${after.status} (payment ${after.payment_status})`);
  return {
    product: product.name,
    orderNumber: after.number,
    paymentId: payment.id,
    status: after.status,
    paymentStatus: after.payment_status,
    total: after.total,
    currency: after.currency,
  };
}

// Run as a script (Node strips the types); imported by the test, this does nothing.
if (typeof process !== "undefined" && process.argv[1]?.endsWith("examples/purchase.ts")) {
  const baseUrl = process.argv[2] ?? "http://localhost:8787";
  const result = await purchase(createShopClient({ baseUrl }), "kopi", console.log);
  console.log(result.status === "paid" ? "Purchase complete." : `Order ended ${result.status}`);
}
