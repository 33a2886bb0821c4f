import { and, eq, isNull } from "drizzle-orm";
import type { Actor } from "../audit/actor";
import { auditStatement, changedFields } from "../audit/record";
import { productVariants } from "../db/schema";
import type { DbDeps, Principal } from "../env";
import { conflictOnDuplicate } from "../lib/db-errors";
import { notFound } from "../lib/errors";
import { newId } from "../lib/ids";
import type { CreateVariantInput, UpdateVariantInput, VariantView } from "./product-schemas";
import { toVariantView } from "./product-view";
import { bumpPriceVersion } from "./price-version";
import { editableProduct } from "./products-service";
import { initializeVariantStock } from "./stock-port";

const skuTaken = conflictOnDuplicate("A variant with this SKU already exists", "sku");

type VariantRow = typeof productVariants.$inferSelect;

/** A variant's audited fields, named as the API names them. */
const audited = (v: Partial<VariantRow>) => ({
  sku: v.sku,
  size: v.size,
  color: v.color,
  price: v.price,
  hold_seconds: v.holdSeconds,
  max_per_customer: v.maxPerCustomer,
  low_stock_threshold: v.lowStockThreshold,
  deleted_at: v.deletedAt,
});

/** A variant of a live product the principal may edit (deleted too, when asked). */
async function editableVariant(deps: DbDeps, principal: Principal, productId: string, variantId: string, options: { deleted?: boolean } = {}) {
  const { db } = deps;
  const product = await editableProduct(deps, principal, productId);
  const variant = await db.query.productVariants.findFirst({
    where: and(
      eq(productVariants.id, variantId),
      eq(productVariants.productId, productId),
      options.deleted ? undefined : isNull(productVariants.deletedAt),
    ),
  });
  if (!variant) throw notFound("Variant");
  return { db, product, variant };
}

/** Creates the variant, then hands its initial stock (zero included) to the one stock writer. */
export async function createVariant(deps: DbDeps, actor: Actor, productId: string, input: CreateVariantInput): Promise<VariantView> {
  const { env, db } = deps;
  const product = await editableProduct(deps, actor, productId);
  const id = newId();
  const values = {
    id,
    productId,
    sku: input.sku,
    size: input.size ?? null,
    color: input.color ?? null,
    price: input.price ?? null,
    holdSeconds: input.hold_seconds ?? null,
    lowStockThreshold: input.low_stock_threshold ?? null,
    maxPerCustomer: input.max_per_customer ?? null,
    createdBy: actor.id,
    updatedBy: actor.id,
  };
  await db
    .batch([
      db.insert(productVariants).values(values),
      auditStatement(db, actor, "create", "variant", id, { ...changedFields(null, audited(values)), stock: { before: null, after: input.stock } }),
    ])
    .catch(skuTaken);
  const stock = await initializeVariantStock(env, id, input.stock, actor.id);
  const row = await db.query.productVariants.findFirst({ where: eq(productVariants.id, id) });
  if (!row) throw notFound("Variant");
  // The D1 read model follows the stock object a moment later; the answer shows the object's state.
  return toVariantView({ ...row, onHand: stock.on_hand, reserved: stock.held, available: stock.available }, product);
}

export async function updateVariant(
  deps: DbDeps,
  actor: Actor,
  productId: string,
  variantId: string,
  input: UpdateVariantInput,
): Promise<VariantView> {
  const { db, product, variant } = await editableVariant(deps, actor, productId, variantId);
  const changes = {
    ...(input.sku !== undefined ? { sku: input.sku } : {}),
    ...(input.size !== undefined ? { size: input.size } : {}),
    ...(input.color !== undefined ? { color: input.color } : {}),
    ...(input.price !== undefined ? { price: input.price } : {}),
    ...(input.hold_seconds !== undefined ? { holdSeconds: input.hold_seconds } : {}),
    ...(input.low_stock_threshold !== undefined ? { lowStockThreshold: input.low_stock_threshold } : {}),
    ...(input.max_per_customer !== undefined ? { maxPerCustomer: input.max_per_customer } : {}),
  };
  const [[row]] = await db
    .batch([
      db
        .update(productVariants)
        .set({ ...changes, updatedBy: actor.id, updatedAt: Date.now() })
        .where(eq(productVariants.id, variantId))
        .returning(),
      auditStatement(db, actor, "update", "variant", variantId, changedFields(audited(variant), audited(changes))),
    ])
    .catch(skuTaken);
  if (!row) throw notFound("Variant");
  await bumpPriceVersion(deps.env);
  return toVariantView(row, product);
}

/** Sets or clears `deleted_at` with its audit row. */
async function setDeleted(deps: DbDeps, actor: Actor, variant: VariantRow, deletedAt: number | null, action: string) {
  const { env, db } = deps;
  await db.batch([
    db
      .update(productVariants)
      .set({ deletedAt, updatedBy: actor.id, updatedAt: Date.now() })
      .where(eq(productVariants.id, variant.id)),
    auditStatement(db, actor, action, "variant", variant.id, changedFields(audited(variant), { deleted_at: deletedAt })),
  ]);
  await bumpPriceVersion(env);
}

/** Soft delete: carts and orders may reference the variant; it leaves listings and the product page. */
export async function deleteVariant(deps: DbDeps, actor: Actor, productId: string, variantId: string): Promise<void> {
  const { variant } = await editableVariant(deps, actor, productId, variantId);
  await setDeleted(deps, actor, variant, Date.now(), "delete");
}

/** Undoes a soft delete (its stock object kept its units meanwhile); a live variant is left as it is. */
export async function restoreVariant(deps: DbDeps, actor: Actor, productId: string, variantId: string): Promise<VariantView> {
  const { db, product, variant } = await editableVariant(deps, actor, productId, variantId, { deleted: true });
  if (variant.deletedAt !== null) await setDeleted(deps, actor, variant, null, "restore");
  const row = await db.query.productVariants.findFirst({ where: eq(productVariants.id, variantId) });
  if (!row) throw notFound("Variant");
  return toVariantView(row, product);
}
