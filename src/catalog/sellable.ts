/**
 * Read-only selector over the catalog tables for other domains (cart, checkout): what a variant
 * sells for right now and whether it can be sold. The catalog domain owns these tables; this file
 * only reads them, so other domains never query products or variants directly.
 */
import { eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client";
import { products, productVariants, stores } from "../db/schema";
import { inWindow } from "./window";

export interface SellableVariant {
  variant_id: string;
  product_id: string;
  store_id: string;
  category_id: string;
  sku: string;
  name: string;
  size: string | null;
  color: string | null;
  /** The live price in minor units: the variant's override, else the product's base price. */
  unit_price: number;
  currency: string;
  /** Read model of the variant's StockObject (DESIGN.md invariant 1): advisory, checkout decides. */
  available: number;
  /** Product active, not deleted and within its sale window, variant not deleted, store active. */
  sellable: boolean;
  /** Checkout's hold for this variant in seconds; null = RESERVATION_TTL_SECONDS. */
  hold_seconds: number | null;
}

/** D1 allows 100 bound parameters per statement; leave room for drizzle's own. */
const CHUNK = 90;

export async function getSellableVariants(db: Db, variantIds: string[]): Promise<Map<string, SellableVariant>> {
  const ids = [...new Set(variantIds)];
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += CHUNK) chunks.push(ids.slice(i, i + CHUNK));
  const rows = (
    await Promise.all(
      chunks.map((chunk) =>
        db
          .select({
            variantId: productVariants.id,
            productId: products.id,
            storeId: products.storeId,
            categoryId: products.categoryId,
            sku: productVariants.sku,
            name: products.name,
            size: productVariants.size,
            color: productVariants.color,
            price: productVariants.price,
            basePrice: products.basePrice,
            currency: products.currency,
            available: productVariants.available,
            holdSeconds: productVariants.holdSeconds,
            variantDeletedAt: productVariants.deletedAt,
            productActive: products.isActive,
            productDeletedAt: products.deletedAt,
            availableFrom: products.availableFrom,
            availableUntil: products.availableUntil,
            storeActive: stores.isActive,
          })
          .from(productVariants)
          .innerJoin(products, eq(products.id, productVariants.productId))
          .innerJoin(stores, eq(stores.id, products.storeId))
          .where(inArray(productVariants.id, chunk)),
      ),
    )
  ).flat();

  return new Map(
    rows.map((r) => [
      r.variantId,
      {
        variant_id: r.variantId,
        product_id: r.productId,
        store_id: r.storeId,
        category_id: r.categoryId,
        sku: r.sku,
        name: r.name,
        size: r.size,
        color: r.color,
        unit_price: r.price ?? r.basePrice,
        currency: r.currency,
        available: Math.max(0, r.available),
        sellable: r.productActive && r.productDeletedAt === null && r.variantDeletedAt === null && r.storeActive && inWindow(r),
        hold_seconds: r.holdSeconds,
      },
    ]),
  );
}
