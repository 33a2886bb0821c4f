import { and, eq, isNull } from "drizzle-orm";
import { createDb } from "../db/client";
import { productVariants } from "../db/schema";
import type { Env, Principal } from "../env";
import { isUniqueViolation } from "../lib/db-errors";
import { conflict, notFound } from "../lib/errors";
import { newId } from "../lib/ids";
import type { CreateVariantInput, UpdateVariantInput, VariantView } from "./product-schemas";
import { toVariantView } from "./product-view";
import { bumpPriceVersion } from "./price-version";
import { editableProduct } from "./products-service";
import { initializeStock } from "../inventory/service";

function skuTaken(err: unknown): never {
  if (isUniqueViolation(err)) throw conflict("A variant with this SKU already exists", { field: "sku" });
  throw err;
}

async function editableVariant(env: Env, principal: Principal, productId: string, variantId: string) {
  const db = createDb(env.DB);
  const product = await editableProduct(db, principal, productId);
  const variant = await db.query.productVariants.findFirst({
    where: and(eq(productVariants.id, variantId), eq(productVariants.productId, productId), isNull(productVariants.deletedAt)),
  });
  if (!variant) throw notFound("Variant");
  return { db, product, variant };
}

/** Creates the variant, then hands its initial stock (zero included) to the one stock writer. */
export async function createVariant(env: Env, principal: Principal, productId: string, input: CreateVariantInput): Promise<VariantView> {
  const db = createDb(env.DB);
  const product = await editableProduct(db, principal, productId);
  const id = newId();
  await db
    .insert(productVariants)
    .values({
      id,
      productId,
      sku: input.sku,
      size: input.size ?? null,
      color: input.color ?? null,
      price: input.price ?? null,
      holdSeconds: input.hold_seconds ?? null,
      maxPerCustomer: input.max_per_customer ?? null,
    })
    .catch(skuTaken);
  const stock = await initializeStock(env, id, input.stock, principal.id);
  const row = await db.query.productVariants.findFirst({ where: eq(productVariants.id, id) });
  if (!row) throw notFound("Variant");
  // The D1 read model follows the stock object a moment later; the answer shows the object's state.
  return toVariantView({ ...row, onHand: stock.on_hand, reserved: stock.held, available: stock.available }, product);
}

export async function updateVariant(
  env: Env,
  principal: Principal,
  productId: string,
  variantId: string,
  input: UpdateVariantInput,
): Promise<VariantView> {
  const { db, product } = await editableVariant(env, principal, productId, variantId);
  const [row] = await db
    .update(productVariants)
    .set({
      ...(input.sku !== undefined ? { sku: input.sku } : {}),
      ...(input.size !== undefined ? { size: input.size } : {}),
      ...(input.color !== undefined ? { color: input.color } : {}),
      ...(input.price !== undefined ? { price: input.price } : {}),
      ...(input.max_per_customer !== undefined ? { maxPerCustomer: input.max_per_customer } : {}),
      ...(input.hold_seconds !== undefined ? { holdSeconds: input.hold_seconds } : {}),
      updatedAt: Date.now(),
    })
    .where(eq(productVariants.id, variantId))
    .returning()
    .catch(skuTaken);
  if (!row) throw notFound("Variant");
  await bumpPriceVersion(env);
  return toVariantView(row, product);
}

/** Soft delete: carts and orders may reference the variant; it leaves listings and the product page. */
export async function deleteVariant(env: Env, principal: Principal, productId: string, variantId: string): Promise<void> {
  const { db } = await editableVariant(env, principal, productId, variantId);
  await db.update(productVariants).set({ deletedAt: Date.now(), updatedAt: Date.now() }).where(eq(productVariants.id, variantId));
  await bumpPriceVersion(env);
}
