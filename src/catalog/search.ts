import { boundedTotal, cursorEnvelope, decodeCursor, TOTAL_CAP, type CursorKey } from "../lib/cursor";
import { z } from "@hono/zod-openapi";
import { iso } from "../lib/time";
import type { VariantStock } from "./availability";
import type { Ordering, ProductListItem, ProductListQuery } from "./product-schemas";
import { mediaUrl } from "./product-view";
import { inWindowSql, windowParams } from "./window";

export interface SqlQuery {
  sql: string;
  params: (string | number)[];
}

/** A search ranks at most this many matches: the newest ones, so a broad word costs the same at any catalog size. */
export const SEARCH_CANDIDATES = 1_000;

/**
 * Words → an FTS5 query: each word a quoted prefix term, all required. Quoting keeps user text from
 * being read as FTS syntax (AND, NEAR, column filters, unbalanced quotes).
 */
function ftsQuery(search: string): string | null {
  const words = search.match(/[\p{L}\p{N}]+/gu);
  return words ? words.slice(0, 12).map((w) => `"${w}"*`).join(" ") : null;
}

interface Driver {
  with_: string;
  from: string;
  where: string[];
  params: (string | number)[];
  sort: string;
  id: string;
}

const DIRECTION: Record<Ordering, "ASC" | "DESC"> = { price: "ASC", "-price": "DESC", "-created_at": "DESC", relevance: "ASC" };
const byPrice = (o: Ordering) => o === "price" || o === "-price";
const storeIdOf = "(SELECT id FROM stores WHERE slug = ? OR id = ?)";

/**
 * The category a list names: by id any, by slug in the global tree, or (when the list names a store) in that
 * store's own tree first, as slugs are unique only within a tree.
 */
function categoryIdOf(q: ProductListQuery): { sql: string; params: string[] } {
  const category = q.category ?? "";
  if (!q.store) return { sql: "(SELECT id FROM categories WHERE id = ? OR (slug = ? AND store_id IS NULL))", params: [category, category] };
  return {
    sql: `COALESCE((SELECT id FROM categories WHERE slug = ? AND store_id = ${storeIdOf}),
      (SELECT id FROM categories WHERE id = ? OR (slug = ? AND store_id IS NULL)))`,
    params: [category, q.store, q.store, category, category],
  };
}

/**
 * What drives the page, chosen so the ordering is read off an index from the cursor on:
 * - a search: the newest SEARCH_CANDIDATES FTS5 matches (bm25-scored), joined by rowid, sorted among themselves;
 * - a category: `product_listing` (a row per live product under each ancestor category), one index range;
 * - a store: the store's live-listing indexes; otherwise the live-listing indexes.
 * Indexes are named, because without table statistics SQLite prefers a filter's index and sorts.
 */
function driverOf(q: ProductListQuery, match: string | null, ordering: Ordering): Driver {
  const live = ["p.is_active = 1", "p.deleted_at IS NULL", inWindowSql("p")];
  if (match) {
    return {
      with_: `WITH hits(rid, score) AS (
        SELECT rowid, bm25(products_fts, 10.0, 1.0) FROM products_fts WHERE products_fts MATCH ? ORDER BY rowid DESC LIMIT ${SEARCH_CANDIDATES})\n`,
      // CROSS JOIN keeps the candidates as the outer loop: never walk a products index probing the candidates.
      from: "hits CROSS JOIN products p ON p.rowid = hits.rid",
      where: live,
      params: [match, ...windowParams()],
      // bm25 is lower for better matches; a name hit weighs ten times a description hit.
      sort: ordering === "relevance" ? "hits.score" : byPrice(ordering) ? "p.price" : "p.created_at",
      id: "p.id",
    };
  }
  if (q.category) {
    const category = categoryIdOf(q);
    return {
      with_: "",
      from: `product_listing l INDEXED BY ${byPrice(ordering) ? "product_listing_price_idx" : "product_listing_created_idx"}
    JOIN products p ON p.id = l.product_id`,
      where: [`l.category_id = ${category.sql}`, ...live],
      params: [...category.params, ...windowParams()],
      sort: byPrice(ordering) ? "l.price" : "l.created_at",
      id: "l.product_id",
    };
  }
  if (q.store) {
    return {
      with_: "",
      from: `products p INDEXED BY ${byPrice(ordering) ? "products_store_price_idx" : "products_store_created_idx"}`,
      where: [`p.store_id = ${storeIdOf}`, ...live],
      params: [q.store, q.store, ...windowParams()],
      sort: byPrice(ordering) ? "p.price" : "p.created_at",
      id: "p.id",
    };
  }
  return {
    with_: "",
    from: `products p INDEXED BY ${byPrice(ordering) ? "products_live_price_idx" : "products_live_created_idx"}`,
    where: live,
    params: windowParams(),
    sort: byPrice(ordering) ? "p.price" : "p.created_at",
    id: "p.id",
  };
}

function effectiveOrdering(q: ProductListQuery): Ordering {
  const match = q.search ? ftsQuery(q.search) : null;
  if (q.ordering === "relevance" && !match) return "-created_at";
  return q.ordering ?? (match ? "relevance" : "-created_at");
}

const KEY_TYPES = ["number", "string"] as const;

/**
 * The public product list as one keyset-paged SQL statement, plus a bounded count for include=total.
 * The "query plans" tests in test/catalog/search.test.ts hold each ordering to its index, with no sort
 * (a search sorts its bounded candidate set only).
 */
export function productListQuery(q: ProductListQuery): { list: SqlQuery; count: SqlQuery; ordering: Ordering } {
  const match = q.search ? ftsQuery(q.search) : null;
  const ordering = effectiveOrdering(q);
  const d = driverOf(q, match, ordering);
  const where = [...d.where];
  const params = [...d.params];

  if (q.category && match) {
    const category = categoryIdOf(q);
    where.push(`p.category_id IN (SELECT category_id FROM category_ancestors WHERE ancestor_id = ${category.sql})`);
    params.push(...category.params);
  }
  if (q.store && (match || q.category)) {
    where.push(`p.store_id = ${storeIdOf}`);
    params.push(q.store, q.store);
  }
  where.push("s.is_active = 1");
  // On the driver's own price column, so a price range is part of the index range when ordering by price.
  const price = d.id === "l.product_id" ? "l.price" : "p.price";
  if (q.min_price !== undefined) {
    where.push(`${price} >= ?`);
    params.push(q.min_price);
  }
  if (q.max_price !== undefined) {
    where.push(`${price} <= ?`);
    params.push(q.max_price);
  }
  // Size, colour and stock describe one variant together: "an XL in red that is in stock".
  const variantConditions = ["v.product_id = p.id", "v.deleted_at IS NULL"];
  if (q.size) {
    variantConditions.push("v.size = ? COLLATE NOCASE");
    params.push(q.size);
  }
  if (q.color) {
    variantConditions.push("v.color = ? COLLATE NOCASE");
    params.push(q.color);
  }
  if (q.in_stock === true) variantConditions.push("v.available > 0");
  if (variantConditions.length > 2) {
    where.push(`EXISTS (SELECT 1 FROM product_variants v WHERE ${variantConditions.join(" AND ")})`);
  }
  if (q.in_stock === false) {
    where.push("NOT EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.deleted_at IS NULL AND v.available > 0)");
  }

  const countSql = `${d.with_}SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${d.from}
    JOIN stores s ON s.id = p.store_id
    WHERE ${where.join(" AND ")} LIMIT ${TOTAL_CAP + 1})`;
  const countParams = [...params];

  const dir = DIRECTION[ordering];
  if (q.cursor) {
    where.push(`(${d.sort}, ${d.id}) ${dir === "ASC" ? ">" : "<"} (?, ?)`);
    params.push(...decodeCursor(q.cursor, ordering, KEY_TYPES));
  }
  const columns = "p.id, p.slug, p.name, p.base_price, p.price, p.currency, p.created_at, p.available_until,";
  const stockAndRefs = `s.id AS store_id, s.slug AS store_slug, s.name AS store_name,
      c.id AS category_id, c.slug AS category_slug, c.name AS category_name,
      i.key AS image_key, i.alt_text AS image_alt,
      (SELECT json_group_array(json_array(v.id, v.on_hand, v.reserved, v.available)) FROM product_variants v
        WHERE v.product_id = p.id AND v.deleted_at IS NULL) AS stock`;
  const details = `JOIN categories c ON c.id = p.category_id
    LEFT JOIN product_images i ON i.product_id = p.id AND i.is_primary = 1`;
  const page = `FROM ${d.from}
    JOIN stores s ON s.id = p.store_id
    WHERE ${where.join("\n      AND ")}
    ORDER BY ${d.sort} ${dir}, ${d.id} ${dir}
    LIMIT ?`;
  // A search sorts its candidates, so it picks the page's rows on their keys first and builds only those:
  // the details (stock, image, category) of every candidate would cost more than the ranking itself.
  const list = match
    ? `${d.with_}SELECT ${columns} top.sort_key, ${stockAndRefs}
    FROM (SELECT p.rowid AS rid, p.id AS pid, ${d.sort} AS sort_key ${page}) top
    CROSS JOIN products p ON p.rowid = top.rid
    JOIN stores s ON s.id = p.store_id
    ${details}
    ORDER BY top.sort_key ${dir}, top.pid ${dir}`
    : `${d.with_}SELECT ${columns} ${d.sort} AS sort_key, ${stockAndRefs}
    FROM ${d.from}
    JOIN stores s ON s.id = p.store_id
    ${details}
    WHERE ${where.join("\n      AND ")}
    ORDER BY ${d.sort} ${dir}, ${d.id} ${dir}
    LIMIT ?`;
  return {
    list: { sql: list, params: [...params, q.limit + 1] },
    count: { sql: countSql, params: countParams },
    ordering,
  };
}

interface ListRow {
  id: string;
  slug: string;
  name: string;
  base_price: number;
  price: number;
  currency: string;
  created_at: number;
  available_until: number | null;
  sort_key: number;
  store_id: string;
  store_slug: string;
  store_name: string;
  category_id: string;
  category_slug: string;
  category_name: string;
  image_key: string | null;
  image_alt: string | null;
  /** JSON `[[variant_id, on_hand, reserved, available], …]`: seeds the availability memo, never cached. */
  stock: string;
}

/** A list item as the catalog knows it; `in_stock` is filled in per response from live availability. */
function toListItem(r: ListRow): ProductListItem {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    base_price: r.base_price,
    price: r.price,
    currency: r.currency,
    in_stock: false,
    store: { id: r.store_id, slug: r.store_slug, name: r.store_name },
    category: { id: r.category_id, slug: r.category_slug, name: r.category_name },
    primary_image: r.image_key ? { url: mediaUrl(r.image_key), alt_text: r.image_alt ?? "" } : null,
    created_at: iso(r.created_at),
  };
}

const keyOf = (r: ListRow): CursorKey => [r.sort_key, r.id];

const stockTuple = z.array(z.tuple([z.string(), z.number(), z.number(), z.number()]));

/** The page's live stock, read in the same statement so a cache miss needs no second query for it. */
function stockOf(rows: ListRow[]): Map<string, Map<string, VariantStock>> {
  return new Map(
    rows.map((r) => [
      r.id,
      new Map(stockTuple.parse(JSON.parse(r.stock)).map(([id, on_hand, reserved, available]) => [id, { on_hand, reserved, available }])),
    ]),
  );
}

/**
 * One page of the public list (catalog fields only), the live stock of its products beside it, and when the
 * first of their sale windows closes (the page's cache entry must not outlive it).
 */
export async function searchProducts(d1: D1Database | D1DatabaseSession, q: ProductListQuery) {
  const { list, count, ordering } = productListQuery(q);
  const [rows, counted] = await Promise.all([
    d1.prepare(list.sql).bind(...list.params).all<ListRow>(),
    q.include === "total" ? d1.prepare(count.sql).bind(...count.params).first<number>("n") : null,
  ]);
  const page = cursorEnvelope(rows.results, q.limit, ordering, keyOf, toListItem);
  const shown = rows.results.slice(0, q.limit);
  const ends = shown.map((r) => r.available_until).filter((t): t is number => t !== null);
  const endsAt = ends.length > 0 ? Math.min(...ends) : null;
  return { page: counted === null ? page : { ...page, ...boundedTotal(counted) }, stock: stockOf(shown), endsAt };
}
