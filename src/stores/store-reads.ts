import { and, type Column, eq, or } from "drizzle-orm";
import type { ReadDeps } from "../env";
import { stores } from "../db/schema";

/** What other domains read of a store (the catalog: its products' store, a public read's `?store=`, a product's move). */

export async function findStore(deps: ReadDeps, id: string) {
  const { db } = deps;
  return db.query.stores.findFirst({ where: eq(stores.id, id) });
}

/** The active store a public read names by slug or id, or undefined. */
export async function findActiveStore(deps: ReadDeps, slugOrId: string) {
  const { db } = deps;
  return db.query.stores.findFirst({ where: and(or(eq(stores.slug, slugOrId), eq(stores.id, slugOrId)), eq(stores.isActive, true)) });
}

/** For a query that joins a row's store (`innerJoin(...storeJoin(products.storeId))`): the table and its condition. */
export const storeJoin = (storeId: Column) => [stores, eq(stores.id, storeId)] as const;

/** The joined store's suspension flag (false = suspended), for a join made with `storeJoin`. */
export const storeIsActive = stores.isActive;
