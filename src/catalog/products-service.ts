import { and, eq, isNull } from "drizzle-orm";
import { createDb, type Db } from "../db/client";
import { products, stores } from "../db/schema";
import type { Env, Principal } from "../env";
import { isUniqueViolation } from "../lib/db-errors";
import { conflict, notFound, unprocessable, validationError } from "../lib/errors";
import { newId } from "../lib/ids";
import { slugify } from "../lib/slug";
import { canEditStore, storeScope } from "./access";
import { bumpPriceVersion } from "./price-version";
import { requireCategory } from "./categories-service";
import type { CreateProductInput, UpdateProductInput } from "./product-schemas";
import type { ProductRow } from "./product-view";

/** An undeleted product the principal may edit; anything else (another store's, deleted) is a 404. */
export async function editableProduct(db: Db, principal: Principal, id: string): Promise<ProductRow> {
  const row = await db.query.products.findFirst({ where: and(eq(products.id, id), isNull(products.deletedAt)) });
  if (!row || !canEditStore(principal, row.storeId)) throw notFound("Product");
  return row;
}

/** The store a product goes to: named, existing and within the principal's scope (or the seller's own by default). */
async function targetStore(db: Db, principal: Principal, storeId: string | undefined): Promise<string> {
  const id = storeId ?? storeScope(principal);
  if (!id) throw validationError("The request is not valid", { fields: [{ field: "store_id", code: "required", message: "store_id is required" }] });
  const store = await db.query.stores.findFirst({ where: eq(stores.id, id) });
  if (!store || !canEditStore(principal, store.id)) throw unprocessable("unknown_store", "No store you manage has this id", { field: "store_id" });
  return store.id;
}

function slugTaken(err: unknown): never {
  if (isUniqueViolation(err)) throw conflict("A product with this slug already exists", { field: "slug" });
  throw err;
}

export async function createProduct(db: Db, principal: Principal, input: CreateProductInput, currency: string) {
  const storeId = await targetStore(db, principal, input.store_id);
  await requireCategory(db, input.category_id, "category_id");
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
    createdBy: principal.id,
    updatedBy: principal.id,
  };
  if (input.slug) {
    await db.insert(products).values({ ...values, slug: input.slug }).catch(slugTaken);
  } else {
    // A generated slug that is taken gets the id's first block, rather than failing a request that named none.
    const base = slugify(input.name) || "product";
    await db
      .insert(products)
      .values({ ...values, slug: base })
      .catch((err: unknown) => {
        if (!isUniqueViolation(err)) throw err;
        return db.insert(products).values({ ...values, slug: `${base}-${id.slice(0, 8)}` });
      })
      .catch(slugTaken);
  }
  return editableProduct(db, principal, id);
}

/** PATCH semantics; PUT sends every field through here too, after the full-body schema checked it. */
export async function updateProduct(env: Env, principal: Principal, id: string, input: UpdateProductInput) {
  const db = createDb(env.DB);
  const current = await editableProduct(db, principal, id);
  const storeId = input.store_id !== undefined ? await targetStore(db, principal, input.store_id) : current.storeId;
  if (input.category_id !== undefined) await requireCategory(db, input.category_id, "category_id");
  await db
    .update(products)
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.slug !== undefined ? { slug: input.slug } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.base_price !== undefined ? { basePrice: input.base_price } : {}),
      ...(input.category_id !== undefined ? { categoryId: input.category_id } : {}),
      ...(input.is_active !== undefined ? { isActive: input.is_active } : {}),
      storeId,
      updatedBy: principal.id,
      updatedAt: Date.now(),
    })
    .where(eq(products.id, id))
    .catch(slugTaken);
  await bumpPriceVersion(env);
  return editableProduct(db, principal, id);
}

/** Soft delete: orders and carts may still point at the product, so the row stays and public reads hide it. */
export async function deleteProduct(env: Env, principal: Principal, id: string): Promise<void> {
  const db = createDb(env.DB);
  await editableProduct(db, principal, id);
  await db
    .update(products)
    .set({ deletedAt: Date.now(), updatedBy: principal.id, updatedAt: Date.now() })
    .where(eq(products.id, id));
  await bumpPriceVersion(env);
}
