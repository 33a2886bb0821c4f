/**
 * Read-only selector over the catalog tables for other domains (cart, checkout): what a variant
 * sells for right now and whether it can be sold. The catalog domain owns these tables; this file
 * only reads them, so other domains never query products or variants directly.
 */
import { type Column, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { products, productVariants } from "../db/schema";
import { storeIsActive, storeJoin } from "../stores/store-reads";
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
  /** Read model of the variant's StockObject (docs/ARCHITECTURE.md invariant 1): advisory, checkout decides. */
  available: number;
  /** Units one buyer may hold or buy (the stock object enforces it); null = no limit. */
  max_per_customer: number | null;
  /** Product active, not deleted and within its sale window, variant not deleted, store active. */
  sellable: boolean;
  /** Checkout's hold for this variant in seconds; null = RESERVATION_TTL_SECONDS. */
  hold_seconds: number | null;
}

/** D1 allows 100 bound parameters per statement; leave room for drizzle's own. */
const CHUNK = 90;

/**
 * Each column under its own alias: D1's batch returns rows as objects keyed by column name, so two
 * joined tables' `id` or `deleted_at` would overwrite each other in a batched read without them.
 */
const as = <T>(column: Column, alias: string) => (sql`${column}`.mapWith(column) as SQL<T>).as(alias);

/** The columns a sellable variant is made of, for callers that join it into their own query. */
export const sellableColumns = {
  variantId: as<string>(productVariants.id, "sv_variant_id"),
  productId: as<string>(products.id, "sv_product_id"),
  storeId: as<string>(products.storeId, "sv_store_id"),
  categoryId: as<string>(products.categoryId, "sv_category_id"),
  sku: as<string>(productVariants.sku, "sv_sku"),
  name: as<string>(products.name, "sv_name"),
  size: as<string | null>(productVariants.size, "sv_size"),
  color: as<string | null>(productVariants.color, "sv_color"),
  price: as<number | null>(productVariants.price, "sv_price"),
  basePrice: as<number>(products.basePrice, "sv_base_price"),
  currency: as<string>(products.currency, "sv_currency"),
  available: as<number>(productVariants.available, "sv_available"),
  maxPerCustomer: as<number | null>(productVariants.maxPerCustomer, "sv_max_per_customer"),
  holdSeconds: as<number | null>(productVariants.holdSeconds, "sv_hold_seconds"),
  variantDeletedAt: as<number | null>(productVariants.deletedAt, "sv_variant_deleted_at"),
  productActive: as<boolean>(products.isActive, "sv_product_active"),
  productDeletedAt: as<number | null>(products.deletedAt, "sv_product_deleted_at"),
  availableFrom: as<number | null>(products.availableFrom, "sv_available_from"),
  availableUntil: as<number | null>(products.availableUntil, "sv_available_until"),
  storeActive: as<boolean>(storeIsActive, "sv_store_active"),
};

export type SellableRow = {
  variantId: string;
  productId: string;
  storeId: string;
  categoryId: string;
  sku: string;
  name: string;
  size: string | null;
  color: string | null;
  price: number | null;
  basePrice: number;
  currency: string;
  available: number;
  maxPerCustomer: number | null;
  holdSeconds: number | null;
  variantDeletedAt: number | null;
  productActive: boolean;
  productDeletedAt: number | null;
  availableFrom: number | null;
  availableUntil: number | null;
  storeActive: boolean;
};

/** The product and store joins `sellableColumns` need, from a query that already has product_variants. */
export const sellableJoins = [
  [products, eq(products.id, productVariants.productId)],
  storeJoin(products.storeId),
] as const;

export function toSellable(r: SellableRow): SellableVariant {
  return {
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
    max_per_customer: r.maxPerCustomer,
    sellable: r.productActive && r.productDeletedAt === null && r.variantDeletedAt === null && r.storeActive && inWindow(r),
    hold_seconds: r.holdSeconds,
  };
}

/** One statement reading the given variants (at most CHUNK ids), for a caller's batch. */
export function sellableVariantsQuery(db: Db, variantIds: string[]) {
  return db
    .select(sellableColumns)
    .from(productVariants)
    .innerJoin(...sellableJoins[0])
    .innerJoin(...sellableJoins[1])
    .where(inArray(productVariants.id, variantIds));
}

export async function getSellableVariants(db: Db, variantIds: string[]): Promise<Map<string, SellableVariant>> {
  const ids = [...new Set(variantIds)];
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += CHUNK) chunks.push(ids.slice(i, i + CHUNK));
  const rows = (await Promise.all(chunks.map((chunk) => sellableVariantsQuery(db, chunk)))).flat();
  return new Map(rows.map((r) => [r.variantId, toSellable(r)]));
}
