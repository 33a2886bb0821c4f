import { offsetOf } from "../lib/pagination";
import { iso } from "../lib/time";
import type { Ordering, ProductListItem, ProductListQuery } from "./product-schemas";
import { mediaUrl } from "./product-view";

export interface SqlQuery {
  sql: string;
  params: (string | number)[];
}

/**
 * Words → an FTS5 query: each word a quoted prefix term, all required. Quoting keeps user text from
 * being read as FTS syntax (AND, NEAR, column filters, unbalanced quotes).
 */
export function ftsQuery(search: string): string | null {
  const words = search.match(/[\p{L}\p{N}]+/gu);
  return words ? words.slice(0, 12).map((w) => `"${w}"*`).join(" ") : null;
}

const ORDER_BY: Record<Ordering, string> = {
  price: "p.price ASC, p.id ASC",
  "-price": "p.price DESC, p.id DESC",
  "-created_at": "p.created_at DESC, p.id DESC",
  // bm25 is lower for better matches; a name hit weighs ten times a description hit.
  relevance: "bm25(products_fts, 10.0, 1.0) ASC, p.created_at DESC",
};

/**
 * The public product list as one SQL statement plus its count. Every filter has an index behind it:
 * the live-listing composite indexes, category/store indexes, the variants' product index and FTS5
 * (the "query plans" tests in test/catalog/search.test.ts hold that no plan scans products).
 */
export function productListQuery(q: ProductListQuery): { list: SqlQuery; count: SqlQuery } {
  const params: (string | number)[] = [];
  const where = ["p.is_active = 1", "p.deleted_at IS NULL", "s.is_active = 1"];
  let with_ = "";
  let from = "products p";

  const match = q.search ? ftsQuery(q.search) : null;
  if (match) {
    from = "products_fts JOIN products p ON p.rowid = products_fts.rowid";
    where.push("products_fts MATCH ?");
    params.push(match);
  } else if (q.category || q.store) {
    // Without table statistics SQLite prefers the index that avoids sorting (every live product) over
    // the far more selective category or store index; name the selective one.
    from = `products p INDEXED BY ${q.category ? "products_category_idx" : "products_store_idx"}`;
  }
  if (q.category) {
    with_ = `WITH RECURSIVE subtree(id) AS (
      SELECT id FROM categories WHERE slug = ? OR id = ?
      UNION SELECT c.id FROM categories c JOIN subtree t ON c.parent_id = t.id)\n`;
    params.unshift(q.category, q.category);
    where.push("p.category_id IN (SELECT id FROM subtree)");
  }
  if (q.store) {
    where.push("p.store_id = (SELECT id FROM stores WHERE slug = ? OR id = ?)");
    params.push(q.store, q.store);
  }
  if (q.min_price !== undefined) {
    where.push("p.price >= ?");
    params.push(q.min_price);
  }
  if (q.max_price !== undefined) {
    where.push("p.price <= ?");
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

  const ordering: Ordering = q.ordering === "relevance" && !match ? "-created_at" : (q.ordering ?? (match ? "relevance" : "-created_at"));
  const joins = `JOIN stores s ON s.id = p.store_id
    JOIN categories c ON c.id = p.category_id`;
  const filter = `WHERE ${where.join("\n      AND ")}`;
  const list = `${with_}SELECT p.id, p.slug, p.name, p.base_price, p.price, p.currency, p.created_at,
      s.id AS store_id, s.slug AS store_slug, s.name AS store_name,
      c.id AS category_id, c.slug AS category_slug, c.name AS category_name,
      i.key AS image_key, i.alt_text AS image_alt,
      EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.deleted_at IS NULL AND v.available > 0) AS in_stock
    FROM ${from}
    ${joins}
    LEFT JOIN product_images i ON i.product_id = p.id AND i.is_primary = 1
    ${filter}
    ORDER BY ${ORDER_BY[ordering]}
    LIMIT ? OFFSET ?`;
  return {
    list: { sql: list, params: [...params, q.page_size, offsetOf(q)] },
    count: { sql: `${with_}SELECT COUNT(*) AS n FROM ${from} ${joins} ${filter}`, params },
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
  store_id: string;
  store_slug: string;
  store_name: string;
  category_id: string;
  category_slug: string;
  category_name: string;
  image_key: string | null;
  image_alt: string | null;
  in_stock: number;
}

function toListItem(r: ListRow): ProductListItem {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    base_price: r.base_price,
    price: r.price,
    currency: r.currency,
    in_stock: r.in_stock === 1,
    store: { id: r.store_id, slug: r.store_slug, name: r.store_name },
    category: { id: r.category_id, slug: r.category_slug, name: r.category_name },
    primary_image: r.image_key ? { url: mediaUrl(r.image_key), alt_text: r.image_alt ?? "" } : null,
    created_at: iso(r.created_at),
  };
}

export async function searchProducts(d1: D1Database, q: ProductListQuery) {
  const { list, count } = productListQuery(q);
  const [rows, total] = await Promise.all([
    d1.prepare(list.sql).bind(...list.params).all<ListRow>(),
    d1.prepare(count.sql).bind(...count.params).first<number>("n"),
  ]);
  return { items: rows.results.map(toListItem), total: total ?? 0 };
}
