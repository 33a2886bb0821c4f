import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { bumpPriceVersion } from "../../src/catalog/price-version";
import { newGuestCart } from "../../src/cart/carts";
import { cartConfig } from "../../src/cart/config";
import { createDb } from "../../src/db/client";
import { categories, products, productVariants, stores } from "../../src/db/schema";
import { api, json, registerCustomer, userWithRole } from "../helpers";

const db = () => createDb(env.DB);
let n = 0;
const uid = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++n}`;

export interface ProductFixture {
  storeId: string;
  categoryId: string;
  productId: string;
  variantId: string;
}

/**
 * A store, category, product and one variant straight in D1 (the catalog API is another branch's),
 * with the stock read model set directly.
 */
export async function createVariant(
  options: {
    basePrice?: number;
    price?: number | null;
    available?: number;
    currency?: string;
    isActive?: boolean;
    storeId?: string;
    categoryId?: string;
    productId?: string;
  } = {},
): Promise<ProductFixture> {
  const d = db();
  const storeId = options.storeId ?? uid("store");
  const categoryId = options.categoryId ?? uid("cat");
  if (!options.storeId) await d.insert(stores).values({ id: storeId, slug: storeId, name: storeId });
  if (!options.categoryId) await d.insert(categories).values({ id: categoryId, slug: categoryId, name: categoryId });
  const productId = options.productId ?? uid("product");
  if (!options.productId) {
    await d.insert(products).values({
      id: productId,
      storeId,
      categoryId,
      slug: productId,
      name: `Product ${productId}`,
      basePrice: options.basePrice ?? 100_000,
      currency: options.currency ?? "IDR",
      isActive: options.isActive ?? true,
    });
  }
  const variantId = uid("variant");
  const available = options.available ?? 50;
  await d.insert(productVariants).values({
    id: variantId,
    productId,
    sku: variantId.toUpperCase(),
    size: "M",
    color: "red",
    price: options.price ?? null,
    onHand: available,
    available,
  });
  return { storeId, categoryId, productId, variantId };
}

/** A catalog price change as the catalog will make it: the D1 write, then the pricing version bump. */
export async function changeVariantPrice(variantId: string, price: number): Promise<void> {
  await db().update(productVariants).set({ price }).where(eq(productVariants.id, variantId));
  await bumpPriceVersion(env);
}

export async function changeProduct(productId: string, set: { isActive?: boolean; deletedAt?: number | null }) {
  await db().update(products).set(set).where(eq(products.id, productId));
  await bumpPriceVersion(env);
}

export async function setAvailable(variantId: string, available: number): Promise<void> {
  await db().update(productVariants).set({ available, onHand: available }).where(eq(productVariants.id, variantId));
}

export interface CartCaller {
  token?: string;
  cartToken?: string;
}

/** A cart call as a guest (X-Cart-Token) or a customer (Bearer). */
export async function cartApi(path: string, who: CartCaller, options: { method?: string; body?: unknown } = {}) {
  return api(path, {
    ...options,
    ...(who.token ? { token: who.token } : {}),
    ...(who.cartToken ? { headers: { "X-Cart-Token": who.cartToken } } : {}),
  });
}

export async function addItem(who: CartCaller, variantId: string, quantity: number) {
  const res = await cartApi("/cart/items", who, { body: { variant_id: variantId, quantity } });
  if (res.status !== 200) throw new Error(`add failed: ${res.status} ${await res.text()}`);
  return json(res);
}

/** A guest with an empty cart (made in D1: over HTTP only a write creates a guest cart). */
export async function newGuest(): Promise<CartCaller & { cartToken: string }> {
  const { token } = await newGuestCart(db(), cartConfig(env).idleMs);
  return { cartToken: token ?? "" };
}

export async function createDiscount(body: Record<string, unknown>) {
  const admin = await userWithRole("admin");
  const res = await api("/admin/discounts", { token: admin.token, body: { code: uid("C").replace(/-/g, ""), ...body } });
  if (res.status !== 201) throw new Error(`discount failed: ${res.status} ${await res.text()}`);
  return json(res);
}

export { registerCustomer };
