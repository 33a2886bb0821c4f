import { and, asc, eq, isNull } from "drizzle-orm";
import type { ReadDeps } from "../env";
import { categories, productImages, products, productVariants } from "../db/schema";
import { notFound } from "../lib/errors";
import { iso } from "../lib/time";
import { findStore, storeIsActive, storeJoin } from "../stores/store-reads";
import { inWindowCondition } from "./window";
import type { AdminImageView, AdminProductListItem, AdminProductView, ImageView, ProductView, VariantView } from "./product-schemas";

export type ProductRow = typeof products.$inferSelect;
type VariantRow = typeof productVariants.$inferSelect;
type ImageRow = typeof productImages.$inferSelect;

export const mediaUrl = (key: string) => `/api/v1/media/${key}`;

export function toVariantView(v: VariantRow, product: Pick<ProductRow, "basePrice" | "currency">): VariantView {
  return {
    id: v.id,
    product_id: v.productId,
    sku: v.sku,
    size: v.size,
    color: v.color,
    price: v.price,
    effective_price: v.price ?? product.basePrice,
    currency: product.currency,
    on_hand: v.onHand,
    reserved: v.reserved,
    available: v.available,
    in_stock: v.available > 0,
    max_per_customer: v.maxPerCustomer,
    hold_seconds: v.holdSeconds,
    low_stock_threshold: v.lowStockThreshold,
    created_at: iso(v.createdAt),
    updated_at: iso(v.updatedAt),
  };
}

function toImageView(i: ImageRow): ImageView {
  return {
    id: i.id,
    key: i.key,
    url: mediaUrl(i.key),
    content_type: i.contentType,
    size: i.size,
    alt_text: i.altText,
    position: i.position,
    is_primary: i.isPrimary,
    created_at: iso(i.createdAt),
  };
}

export const toAdminImageView = (i: ImageRow): AdminImageView => ({ ...toImageView(i), created_by: i.createdBy, updated_by: i.updatedBy });

export async function liveVariants(deps: ReadDeps, productId: string): Promise<VariantRow[]> {
  const { db } = deps;
  return db
    .select()
    .from(productVariants)
    .where(and(eq(productVariants.productId, productId), isNull(productVariants.deletedAt)))
    .orderBy(asc(productVariants.createdAt), asc(productVariants.sku));
}

export async function productImagesOf(deps: ReadDeps, productId: string): Promise<ImageRow[]> {
  const { db } = deps;
  return db
    .select()
    .from(productImages)
    .where(eq(productImages.productId, productId))
    .orderBy(asc(productImages.position), asc(productImages.createdAt));
}

/** The full product: store and category refs, live variants with their availability, images with URLs. */
export async function productView(deps: ReadDeps, p: ProductRow): Promise<ProductView> {
  const { db } = deps;
  const [store, category, variants, images] = await Promise.all([
    findStore(deps, p.storeId),
    db.query.categories.findFirst({ where: eq(categories.id, p.categoryId) }),
    liveVariants(deps, p.id),
    productImagesOf(deps, p.id),
  ]);
  if (!store || !category) throw new Error(`product ${p.id} lost its store or category`);
  const variantViews = variants.map((v) => toVariantView(v, p));
  return {
    id: p.id,
    slug: p.slug,
    name: p.name,
    description: p.description,
    base_price: p.basePrice,
    price: p.price,
    currency: p.currency,
    is_active: p.isActive,
    in_stock: variantViews.some((v) => v.in_stock),
    store: { id: store.id, slug: store.slug, name: store.name },
    category: { id: category.id, slug: category.slug, name: category.name },
    variants: variantViews,
    images: images.map(toImageView),
    created_at: iso(p.createdAt),
    updated_at: iso(p.updatedAt),
  };
}

export const productStatus = (p: ProductRow) => (p.deletedAt !== null ? "deleted" : p.isActive ? "active" : "inactive");

export async function adminProductView(deps: ReadDeps, p: ProductRow): Promise<AdminProductView> {
  return {
    ...(await productView(deps, p)),
    status: productStatus(p),
    available_from: p.availableFrom === null ? null : iso(p.availableFrom),
    available_until: p.availableUntil === null ? null : iso(p.availableUntil),
    deleted_at: p.deletedAt === null ? null : iso(p.deletedAt),
    created_by: p.createdBy,
    updated_by: p.updatedBy,
  };
}

export function toAdminListItem(p: ProductRow): AdminProductListItem {
  return {
    id: p.id,
    slug: p.slug,
    name: p.name,
    price: p.price,
    currency: p.currency,
    status: productStatus(p),
    store_id: p.storeId,
    category_id: p.categoryId,
    deleted_at: p.deletedAt === null ? null : iso(p.deletedAt),
    created_by: p.createdBy,
    updated_by: p.updatedBy,
    created_at: iso(p.createdAt),
    updated_at: iso(p.updatedAt),
  };
}

/** Public reads see only active, undeleted products of active stores. */
export async function publicProduct(deps: ReadDeps, by: { slug: string } | { id: string }): Promise<ProductRow> {
  const { db } = deps;
  const [row] = await db
    .select({ product: products })
    .from(products)
    .innerJoin(...storeJoin(products.storeId))
    .where(
      and(
        "slug" in by ? eq(products.slug, by.slug) : eq(products.id, by.id),
        eq(products.isActive, true),
        isNull(products.deletedAt),
        inWindowCondition(),
        eq(storeIsActive, true),
      ),
    );
  if (!row) throw notFound("Product");
  return row.product;
}
