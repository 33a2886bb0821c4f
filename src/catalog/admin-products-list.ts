import { and, count, eq, exists, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { products } from "../db/schema";
import type { Principal, ReadDeps } from "../env";
import { boundedTotal, cursorEnvelope, decodeCursor, TOTAL_CAP, type CursorQuery } from "../lib/cursor";
import { keysetAfter, keysetOrder } from "../lib/keyset";
import { storeScope } from "./access";
import type { AdminProductsQuery } from "./product-schemas";
import { toAdminListItem } from "./product-view";

const STATUS: Record<NonNullable<AdminProductsQuery["status"]>, SQL | undefined> = {
  active: and(eq(products.isActive, true), isNull(products.deletedAt)),
  inactive: and(eq(products.isActive, false), isNull(products.deletedAt)),
  deleted: isNotNull(products.deletedAt),
};

/** LIKE's own wildcards in a search term match themselves. */
const likeEscaped = (term: string) => `%${term.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/**
 * Staff and admins see every store's products (or one store's with `store`); a seller only their own, whatever
 * `store` says. Every status is listed, deleted ones only when asked.
 */
function conditions(principal: Principal, q: AdminProductsQuery): SQL[] {
  const scope = storeScope(principal);
  const store = scope ?? q.store;
  const where: (SQL | undefined)[] = [
    store !== undefined ? eq(products.storeId, store) : undefined,
    q.status ? STATUS[q.status] : isNull(products.deletedAt),
  ];
  if (q.search) {
    const term = likeEscaped(q.search.toLowerCase());
    where.push(
      or(
        sql`lower(${products.name}) LIKE ${term} ESCAPE '\\'`,
        sql`${products.slug} LIKE ${term} ESCAPE '\\'`,
        exists(sql`(SELECT 1 FROM product_variants v WHERE v.product_id = ${products.id} AND v.sku = ${q.search.toUpperCase()} COLLATE NOCASE)`),
      ),
    );
  }
  return where.filter((c): c is SQL => c !== undefined);
}

/**
 * One keyset page, newest (or oldest) first on (created_at, id): `products_created_idx` across stores,
 * `products_store_all_created_idx` for one store (plan tests in test/catalog/admin-products.test.ts).
 */
export function adminProductsPageQuery(db: Db, principal: Principal, q: AdminProductsQuery & CursorQuery) {
  const direction = q.ordering === "created_at" ? "asc" : "desc";
  const where = conditions(principal, q);
  if (q.cursor) where.push(keysetAfter(products.createdAt, products.id, decodeCursor(q.cursor, q.ordering, ["number", "string"]), direction));
  return db
    .select()
    .from(products)
    .where(and(...where))
    .orderBy(...keysetOrder(products.createdAt, products.id, direction))
    .limit(q.limit + 1);
}

export async function listAdminProducts(deps: ReadDeps, principal: Principal, q: AdminProductsQuery & CursorQuery) {
  const { db } = deps;
  const capped = db
    .select({ one: sql`1` })
    .from(products)
    .where(and(...conditions(principal, q)))
    .limit(TOTAL_CAP + 1)
    .as("capped");
  const [rows, counted] = await Promise.all([
    adminProductsPageQuery(db, principal, q),
    q.include === "total" ? db.select({ n: count() }).from(capped) : null,
  ]);
  const page = cursorEnvelope(rows, q.limit, q.ordering, (r) => [r.createdAt, r.id], toAdminListItem);
  return counted ? { ...page, ...boundedTotal(counted[0]?.n ?? 0) } : page;
}
