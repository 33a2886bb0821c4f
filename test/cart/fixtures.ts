import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { bumpPriceVersion } from "../../src/catalog/price-version";
import { productVariants, products } from "../../src/db/schema";
import { db } from "../factories";

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
