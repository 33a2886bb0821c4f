/**
 * Live availability, served beside cached catalog entries instead of inside them: a stock change must
 * not evict a catalog page, yet what a page shows must follow the stock objects within seconds.
 *
 * Figures come from the D1 read model each StockObject writes right after a change, memoised per product
 * in this isolate. A figure older than AVAILABILITY_TTL_MS is served as it is while one request's background
 * query refreshes it (the others see it claimed); only a product never seen by this isolate waits for D1. So
 * the figures shown are at most AVAILABILITY_TTL_MS plus one refresh behind the read model.
 */
import type { ProductListItem, ProductView, VariantView } from "./product-schemas";

const AVAILABILITY_TTL_MS = 2_000;
/** Bounds the memo's memory; the oldest entries go first. */
const MAX_PRODUCTS = 20_000;
/** D1 allows 100 bound parameters per statement. */
const CHUNK = 90;

export interface VariantStock {
  on_hand: number;
  reserved: number;
  available: number;
}
export type ProductStock = ReadonlyMap<string, VariantStock>;

const memo = new Map<string, { stock: ProductStock; until: number }>();
/** One shared empty figure, so a response built with it can be reused (edge-cache.ts servedJson). */
const NONE: ProductStock = new Map();

interface StockRow extends VariantStock {
  id: string;
  product_id: string;
}

/** Fresh figures read by another query (a list page's own statement) go straight into the memo. */
export function rememberAvailability(byProduct: Map<string, ProductStock>): void {
  const until = Date.now() + AVAILABILITY_TTL_MS;
  for (const [id, stock] of byProduct) {
    memo.delete(id);
    memo.set(id, { stock, until });
  }
  for (const id of memo.keys()) {
    if (memo.size <= MAX_PRODUCTS) break;
    memo.delete(id);
  }
}

async function load(d1: D1Database | D1DatabaseSession, productIds: string[]): Promise<Map<string, Map<string, VariantStock>>> {
  const byProduct = new Map<string, Map<string, VariantStock>>(productIds.map((id) => [id, new Map()]));
  for (let i = 0; i < productIds.length; i += CHUNK) {
    const chunk = productIds.slice(i, i + CHUNK);
    const { results } = await d1
      .prepare(
        `SELECT id, product_id, on_hand, reserved, available FROM product_variants
         WHERE product_id IN (${chunk.map(() => "?").join(", ")}) AND deleted_at IS NULL`,
      )
      .bind(...chunk)
      .all<StockRow>();
    for (const r of results) {
      byProduct.get(r.product_id)?.set(r.id, { on_hand: r.on_hand, reserved: r.reserved, available: Math.max(0, r.available) });
    }
  }
  rememberAvailability(byProduct);
  return byProduct;
}

/** When a background refresh of a product last started: other requests skip refreshing it meanwhile. */
const refreshedAt = new Map<string, number>();

/**
 * The stale products no other request started refreshing within AVAILABILITY_TTL_MS. Requests never await
 * one another's queries: a D1 call belongs to the request that made it (a promise shared between requests ends
 * in "Cannot perform I/O on behalf of a different request" when the other reads its response).
 */
function claimRefresh(productIds: string[], now: number): string[] {
  const claimed = productIds.filter((id) => (refreshedAt.get(id) ?? 0) + AVAILABILITY_TTL_MS <= now);
  for (const id of claimed) {
    refreshedAt.delete(id);
    refreshedAt.set(id, now);
  }
  for (const id of refreshedAt.keys()) {
    if (refreshedAt.size <= MAX_PRODUCTS) break;
    refreshedAt.delete(id);
  }
  return claimed;
}

/**
 * Each product's variants' stock. `background` runs the refresh of stale figures past the response
 * (waitUntil); figures this isolate never had are awaited.
 */
export async function availabilityOf(
  d1: D1Database | D1DatabaseSession,
  productIds: string[],
  background: (work: Promise<unknown>) => void,
): Promise<Map<string, ProductStock>> {
  const now = Date.now();
  const ids = [...new Set(productIds)];
  const unknown = ids.filter((id) => !memo.has(id));
  const stale = ids.filter((id) => (memo.get(id)?.until ?? Infinity) <= now);
  const claimed = claimRefresh(stale, now);
  if (claimed.length) background(load(d1, claimed).catch(() => undefined));
  if (unknown.length) await load(d1, unknown);
  return new Map(ids.map((id) => [id, memo.get(id)?.stock ?? NONE]));
}

const anyAvailable = (stock: ProductStock | undefined) => [...(stock?.values() ?? [])].some((v) => v.available > 0);

export function withListAvailability(items: ProductListItem[], stock: Map<string, ProductStock>): ProductListItem[] {
  return items.map((item) => ({ ...item, in_stock: anyAvailable(stock.get(item.id)) }));
}

export function withVariantAvailability(variants: VariantView[], stock: ProductStock | undefined): VariantView[] {
  return variants.map((v) => {
    const live = stock?.get(v.id);
    return live ? { ...v, ...live, in_stock: live.available > 0 } : v;
  });
}

export function withProductAvailability(product: ProductView, stock: ProductStock | undefined): ProductView {
  const variants = withVariantAvailability(product.variants, stock);
  return { ...product, variants, in_stock: variants.some((v) => v.in_stock) };
}
