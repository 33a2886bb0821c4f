import type { Actor } from "../audit/actor";
import { auditStatement, changedFields } from "../audit/record";
import { and, asc, count, eq, like, type SQL } from "drizzle-orm";
import type { DbDeps, ReadDeps } from "../env";
import { stores } from "../db/schema";
import { notFound } from "../lib/errors";
import { newId } from "../lib/ids";
import { offsetOf, type PaginationQuery } from "../lib/pagination";
import { conflictOnDuplicate } from "../lib/db-errors";
import { slugify } from "../lib/slug";
import { iso } from "../lib/time";
import type { CreateStoreInput, StoreView, UpdateStoreInput } from "./schemas";
import { findStore } from "./store-reads";
import { storeActiveChanged } from "./write-listener";

type StoreRow = typeof stores.$inferSelect;

export function toStoreView(s: StoreRow): StoreView {
  return {
    id: s.id,
    slug: s.slug,
    name: s.name,
    description: s.description,
    email: s.email,
    is_active: s.isActive,
    created_at: iso(s.createdAt),
    updated_at: iso(s.updatedAt),
  };
}

export async function getStore(deps: ReadDeps, id: string): Promise<StoreRow> {
  const row = await findStore(deps, id);
  if (!row) throw notFound("Store");
  return row;
}

/** Public read: inactive stores are hidden. */
export async function getActiveStoreBySlug(deps: ReadDeps, slug: string): Promise<StoreRow> {
  const { db } = deps;
  const row = await db.query.stores.findFirst({ where: and(eq(stores.slug, slug), eq(stores.isActive, true)) });
  if (!row) throw notFound("Store");
  return row;
}

export async function listStores(deps: ReadDeps, filter: { search?: string; activeOnly: boolean }, page: PaginationQuery) {
  const { db } = deps;
  const conditions: SQL[] = [];
  if (filter.activeOnly) conditions.push(eq(stores.isActive, true));
  if (filter.search) conditions.push(like(stores.name, `%${filter.search}%`));
  const where = conditions.length ? and(...conditions) : undefined;
  const [rows, totals] = await Promise.all([
    db.select().from(stores).where(where).orderBy(asc(stores.name)).limit(page.page_size).offset(offsetOf(page)),
    db.select({ n: count() }).from(stores).where(where),
  ]);
  return { items: rows.map(toStoreView), total: totals[0]?.n ?? 0 };
}

const slugTaken = conflictOnDuplicate("A store with this slug already exists", "slug");

/** A store's audited fields, named as the API names them. */
const audited = (s: Partial<StoreRow>) => ({ slug: s.slug, name: s.name, description: s.description, email: s.email, is_active: s.isActive });

export async function createStore(deps: DbDeps, actor: Actor, input: CreateStoreInput): Promise<StoreRow> {
  const { db } = deps;
  const values = {
    id: newId(),
    slug: input.slug ?? slugify(input.name),
    name: input.name,
    description: input.description,
    email: input.email ?? null,
    isActive: input.is_active,
  };
  const [[row]] = await db
    .batch([
      db
        .insert(stores)
        .values({ ...values, createdBy: actor.id, updatedBy: actor.id })
        .returning(),
      auditStatement(db, actor, "create", "store", values.id, changedFields(null, audited(values))),
    ])
    .catch(slugTaken);
  if (!row) throw new Error("insert returned nothing");
  return row;
}

export async function updateStore(deps: DbDeps, actor: Actor, id: string, input: UpdateStoreInput): Promise<StoreRow> {
  const { env, db } = deps;
  const current = await getStore(deps, id);
  const changes = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.slug !== undefined ? { slug: input.slug } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.email !== undefined ? { email: input.email } : {}),
    ...(input.is_active !== undefined ? { isActive: input.is_active } : {}),
  };
  const [[row]] = await db
    .batch([
      db
        .update(stores)
        .set({ ...changes, updatedBy: actor.id, updatedAt: Date.now() })
        .where(eq(stores.id, id))
        .returning(),
      auditStatement(db, actor, "update", "store", id, changedFields(audited(current), audited(changes))),
    ])
    .catch(slugTaken);
  if (!row) throw notFound("Store");
  // A store switched off takes its products out of carts' totals.
  if (input.is_active !== undefined) await storeActiveChanged(env);
  return row;
}
