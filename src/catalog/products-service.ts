import { and, eq, isNull } from "drizzle-orm";
import { auditStatement, changedFields } from "../audit/record";
import type { Actor } from "../audit/actor";
import { products } from "../db/schema";
import type { DbDeps, Principal, ReadDeps } from "../env";
import { conflictOnDuplicate, isUniqueViolation } from "../lib/db-errors";
import { notFound, unprocessable, validationError } from "../lib/errors";
import { newId } from "../lib/ids";
import { slugify } from "../lib/slug";
import { findStore } from "../stores/store-reads";
import { canEditStore, storeScope } from "./access";
import { bumpPriceVersion } from "./price-version";
import { requireCategory } from "./categories-service";
import type { CreateProductInput, UpdateProductInput } from "./product-schemas";
import type { ProductRow } from "./product-view";

/** A product the principal may edit (deleted too, when asked); anything else (another store's) is a 404. */
export async function editableProduct(deps: ReadDeps, principal: Principal, id: string, options: { deleted?: boolean } = {}): Promise<ProductRow> {
  const { db } = deps;
  const row = await db.query.products.findFirst({
    where: options.deleted ? eq(products.id, id) : and(eq(products.id, id), isNull(products.deletedAt)),
  });
  if (!row || !canEditStore(principal, row.storeId)) throw notFound("Product");
  return row;
}

/** The store a product goes to: named, existing and within the principal's scope (or the seller's own by default). */
async function targetStore(deps: ReadDeps, principal: Principal, storeId: string | undefined): Promise<string> {
  const id = storeId ?? storeScope(principal);
  if (!id) throw validationError("The request is not valid", { fields: [{ field: "store_id", code: "required", message: "store_id is required" }] });
  const store = await findStore(deps, id);
  if (!store || !canEditStore(principal, store.id)) throw unprocessable("unknown_store", "No store you manage has this id", { field: "store_id" });
  return store.id;
}

const toMs = (value: string | null | undefined) => (value ? Date.parse(value) : null);

const slugTaken = conflictOnDuplicate("A product with this slug already exists", "slug");

/** A product's audited fields, named as the API names them. */
function audited(p: Partial<ProductRow>) {
  return {
    name: p.name,
    slug: p.slug,
    description: p.description,
    base_price: p.basePrice,
    category_id: p.categoryId,
    store_id: p.storeId,
    is_active: p.isActive,
    available_from: p.availableFrom,
    available_until: p.availableUntil,
    deleted_at: p.deletedAt,
  };
}

export async function createProduct(deps: DbDeps, actor: Actor, input: CreateProductInput, currency: string) {
  const { db } = deps;
  const storeId = await targetStore(deps, actor, input.store_id);
  await requireCategory(deps, input.category_id, "category_id", storeId);
  const id = newId();
  const values = {
    id,
    storeId,
    categoryId: input.category_id,
    name: input.name,
    description: input.description,
    basePrice: input.base_price,
    price: input.base_price,
    currency,
    isActive: input.is_active,
    availableFrom: toMs(input.available_from),
    availableUntil: toMs(input.available_until),
    createdBy: actor.id,
    updatedBy: actor.id,
  };
  const insert = (slug: string) =>
    db.batch([
      db.insert(products).values({ ...values, slug }),
      auditStatement(db, actor, "create", "product", id, changedFields(null, audited({ ...values, slug }))),
    ]);
  if (input.slug) {
    await insert(input.slug).catch(slugTaken);
  } else {
    // A generated slug that is taken gets the id's first block, rather than failing a request that named none.
    const base = slugify(input.name) || "product";
    await insert(base)
      .catch((err: unknown) => {
        if (!isUniqueViolation(err)) throw err;
        return insert(`${base}-${id.slice(0, 8)}`);
      })
      .catch(slugTaken);
  }
  return editableProduct(deps, actor, id);
}

/** PATCH semantics; PUT sends every field through here too, after the full-body schema checked it. */
export async function updateProduct(deps: DbDeps, actor: Actor, id: string, input: UpdateProductInput) {
  const { env, db } = deps;
  const current = await editableProduct(deps, actor, id);
  const storeId = input.store_id !== undefined ? await targetStore(deps, actor, input.store_id) : current.storeId;
  // A store category belongs to its store's products only: a move to another store must take a category it may use.
  if (input.category_id !== undefined || storeId !== current.storeId) {
    await requireCategory(deps, input.category_id ?? current.categoryId, "category_id", storeId);
  }
  const changes = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.slug !== undefined ? { slug: input.slug } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.base_price !== undefined ? { basePrice: input.base_price } : {}),
    ...(input.category_id !== undefined ? { categoryId: input.category_id } : {}),
    ...(input.is_active !== undefined ? { isActive: input.is_active } : {}),
    ...(input.available_from !== undefined ? { availableFrom: toMs(input.available_from) } : {}),
    ...(input.available_until !== undefined ? { availableUntil: toMs(input.available_until) } : {}),
    storeId,
  };
  const from = changes.availableFrom !== undefined ? changes.availableFrom : current.availableFrom;
  const until = changes.availableUntil !== undefined ? changes.availableUntil : current.availableUntil;
  if (from !== null && until !== null && from >= until) {
    throw validationError("The request is not valid", {
      fields: [{ field: "available_until", code: "custom", message: "available_from must be before available_until" }],
    });
  }
  const fields = changedFields(audited(current), audited(changes));
  await db
    .batch([
      db
        .update(products)
        .set({ ...changes, updatedBy: actor.id, updatedAt: Date.now() })
        .where(eq(products.id, id)),
      auditStatement(db, actor, "update", "product", id, fields),
    ])
    .catch(slugTaken);
  await bumpPriceVersion(env);
  return editableProduct(deps, actor, id);
}

/** Sets or clears `deleted_at` with its audit row; the row stays, as orders and carts may point at it. */
async function setDeleted(deps: DbDeps, actor: Actor, current: ProductRow, deletedAt: number | null, action: string) {
  const { env, db } = deps;
  await db.batch([
    db
      .update(products)
      .set({ deletedAt, updatedBy: actor.id, updatedAt: Date.now() })
      .where(eq(products.id, current.id)),
    auditStatement(db, actor, action, "product", current.id, changedFields(audited(current), { deleted_at: deletedAt })),
  ]);
  // Carts price against the pricing version; the catalog cache follows the products trigger's catalog version.
  await bumpPriceVersion(env);
}

/** Soft delete: public reads, search and listings drop the product (triggers keep the listing and FTS). */
export async function deleteProduct(deps: DbDeps, actor: Actor, id: string): Promise<void> {
  await setDeleted(deps, actor, await editableProduct(deps, actor, id), Date.now(), "delete");
}

/** Undoes a soft delete: the product is back in search, listings and the cache. Restoring a live product does nothing. */
export async function restoreProduct(deps: DbDeps, actor: Actor, id: string): Promise<ProductRow> {
  const current = await editableProduct(deps, actor, id, { deleted: true });
  if (current.deletedAt !== null) await setDeleted(deps, actor, current, null, "restore");
  return editableProduct(deps, actor, id);
}
