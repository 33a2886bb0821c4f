import { and, asc, count, eq, isNull, or, sql } from "drizzle-orm";
import type { Actor } from "../audit/actor";
import { auditStatement, changedFields, removedFields } from "../audit/record";
import { categories, products } from "../db/schema";
import type { DbDeps, Principal, ReadDeps } from "../env";
import { conflictOnDuplicate } from "../lib/db-errors";
import { AppError, notFound, unprocessable } from "../lib/errors";
import { newId } from "../lib/ids";
import { slugify } from "../lib/slug";
import { iso } from "../lib/time";
import { findActiveStore, findStore } from "../stores/store-reads";
import type { CategoryNodeView, CategoryView, CreateCategoryInput, UpdateCategoryInput } from "./category-schemas";

type CategoryRow = typeof categories.$inferSelect;

export function toCategoryView(row: CategoryRow): CategoryView {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    parent_id: row.parentId,
    store_id: row.storeId,
    position: row.position,
    created_at: iso(row.createdAt),
    updated_at: iso(row.updatedAt),
  };
}

const slugTaken = conflictOnDuplicate("A category with this slug already exists", "slug");

/** Which tree a principal edits: admin and staff the global one and every store's; a seller only their store's. */
function mayEdit(principal: Principal, row: CategoryRow): boolean {
  if (principal.role === "admin" || principal.role === "staff") return true;
  return row.storeId !== null && row.storeId === principal.storeId;
}

/** A category the principal may edit; the global tree and other stores' are a 404 to a seller. */
async function editableCategory(deps: ReadDeps, principal: Principal, id: string): Promise<CategoryRow> {
  const { db } = deps;
  const row = await db.query.categories.findFirst({ where: eq(categories.id, id) });
  if (!row || !mayEdit(principal, row)) throw notFound("Category");
  return row;
}

/**
 * A category a product of `storeId` may use (a global one or that store's own), or with `storeId`
 * undefined any category: a 422 names the field at fault.
 */
export async function requireCategory(deps: ReadDeps, id: string, field: string, storeId?: string): Promise<CategoryRow> {
  const { db } = deps;
  const row = await db.query.categories.findFirst({ where: eq(categories.id, id) });
  if (!row || (storeId !== undefined && row.storeId !== null && row.storeId !== storeId)) {
    throw unprocessable("unknown_category", "No category this product may use has this id", { field });
  }
  return row;
}

/** A parent is always in the child's own tree. */
async function requireParent(deps: ReadDeps, id: string, storeId: string | null): Promise<CategoryRow> {
  const { db } = deps;
  const row = await db.query.categories.findFirst({ where: eq(categories.id, id) });
  if (!row || row.storeId !== storeId) throw unprocessable("unknown_category", "No category in this tree has this id", { field: "parent_id" });
  return row;
}

/** The tree a new category joins: a seller's store always; for staff the named store, or the global tree. */
async function treeFor(deps: ReadDeps, principal: Principal, storeId: string | null | undefined): Promise<string | null> {
  if (principal.role === "seller") {
    if (!principal.storeId || (storeId && storeId !== principal.storeId)) {
      throw unprocessable("unknown_store", "No store you manage has this id", { field: "store_id" });
    }
    return principal.storeId;
  }
  if (!storeId) return null;
  const store = await findStore(deps, storeId);
  if (!store) throw unprocessable("unknown_store", "No store has this id", { field: "store_id" });
  return store.id;
}

/** A category's audited fields, named as the API names them. */
const audited = (c: Partial<CategoryRow>) => ({ name: c.name, slug: c.slug, parent_id: c.parentId, store_id: c.storeId, position: c.position });

/** The store a public read names (slug or id); an unknown one is a 404. */
export async function storeIdOf(deps: ReadDeps, store: string): Promise<string> {
  const row = await findActiveStore(deps, store);
  if (!row) throw notFound("Store");
  return row.id;
}

/** The ids of a category and every category below it. */
async function subtreeIds(deps: ReadDeps, rootId: string): Promise<string[]> {
  const { db } = deps;
  const rows = await db.all<{ id: string }>(sql`
    WITH RECURSIVE subtree(id) AS (
      SELECT ${rootId}
      UNION SELECT c.id FROM categories c JOIN subtree s ON c.parent_id = s.id
    )
    SELECT id FROM subtree`);
  return rows.map((r) => r.id);
}

export async function createCategory(deps: DbDeps, actor: Actor, input: CreateCategoryInput): Promise<CategoryRow> {
  const { db } = deps;
  const storeId = await treeFor(deps, actor, input.store_id);
  if (input.parent_id) await requireParent(deps, input.parent_id, storeId);
  const values = {
    id: newId(),
    storeId,
    slug: input.slug ?? slugify(input.name),
    name: input.name,
    parentId: input.parent_id ?? null,
    position: input.position,
    createdBy: actor.id,
    updatedBy: actor.id,
  };
  const [[row]] = await db
    .batch([
      db.insert(categories).values(values).returning(),
      auditStatement(db, actor, "create", "category", values.id, changedFields(null, audited(values))),
    ])
    .catch(slugTaken);
  if (!row) throw new Error("insert returned nothing");
  return row;
}

export async function updateCategory(deps: DbDeps, actor: Actor, id: string, input: UpdateCategoryInput): Promise<CategoryRow> {
  const { db } = deps;
  const current = await editableCategory(deps, actor, id);
  if (input.parent_id) {
    await requireParent(deps, input.parent_id, current.storeId);
    // Moving under itself or a descendant would detach the branch into a loop.
    if ((await subtreeIds(deps, id)).includes(input.parent_id)) {
      throw unprocessable("category_cycle", "A category cannot move under itself or its own subcategory", {
        field: "parent_id",
      });
    }
  }
  const changes = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.slug !== undefined ? { slug: input.slug } : {}),
    ...(input.parent_id !== undefined ? { parentId: input.parent_id } : {}),
    ...(input.position !== undefined ? { position: input.position } : {}),
  };
  const [[row]] = await db
    .batch([
      db
        .update(categories)
        .set({ ...changes, updatedBy: actor.id, updatedAt: Date.now() })
        .where(eq(categories.id, id))
        .returning(),
      auditStatement(db, actor, "update", "category", id, changedFields(audited(current), audited(changes))),
    ])
    .catch(slugTaken);
  if (!row) throw notFound("Category");
  return row;
}

/** Refuses to orphan anything: children must move first, and products (even soft-deleted ones) keep their category. */
export async function deleteCategory(deps: DbDeps, actor: Actor, id: string): Promise<void> {
  const { db } = deps;
  const current = await editableCategory(deps, actor, id);
  const [[children], [used]] = await Promise.all([
    db.select({ n: count() }).from(categories).where(eq(categories.parentId, id)),
    db.select({ n: count() }).from(products).where(eq(products.categoryId, id)),
  ]);
  if (children && children.n > 0) {
    throw new AppError(409, "category_has_children", "Move or delete the subcategories first", { children: children.n });
  }
  if (used && used.n > 0) {
    throw new AppError(409, "category_has_products", "Move the products to another category first", { products: used.n });
  }
  await db.batch([
    db.delete(categories).where(eq(categories.id, id)),
    auditStatement(db, actor, "delete", "category", id, removedFields(audited(current))),
  ]);
}

/** What a shopper sees: the global categories, and with a store its own as well (both usable by its products). */
const seenIn = (storeId: string | null) => (storeId ? or(isNull(categories.storeId), eq(categories.storeId, storeId)) : isNull(categories.storeId));

/** The global tree, or with a store the global tree merged with the store's own (each node names its tree). */
export async function categoryTree(deps: ReadDeps, storeId: string | null): Promise<CategoryNodeView[]> {
  const { db } = deps;
  const rows = await db.select().from(categories).where(seenIn(storeId)).orderBy(asc(categories.position), asc(categories.name));
  const nodes = new Map(rows.map((r) => [r.id, { ...toCategoryView(r), children: [] as CategoryNodeView[] }]));
  const roots: CategoryNodeView[] = [];
  for (const node of nodes.values()) {
    const parent = node.parent_id ? nodes.get(node.parent_id) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** A category by its slug: with a store, in the store's tree first, else in the global one (as product lists resolve it). */
export async function categoryBySlug(deps: ReadDeps, slug: string, storeId: string | null) {
  const { db } = deps;
  const [row] = await db
    .select()
    .from(categories)
    .where(and(eq(categories.slug, slug), seenIn(storeId)))
    .orderBy(sql`${categories.storeId} IS NULL`)
    .limit(1);
  if (!row) throw notFound("Category");
  const [ancestors, children] = await Promise.all([
    db.all<CategoryRow>(sql`
      WITH RECURSIVE up(id, depth) AS (
        SELECT ${row.parentId}, 1
        UNION ALL SELECT c.parent_id, up.depth + 1 FROM categories c JOIN up ON c.id = up.id WHERE c.parent_id IS NOT NULL
      )
      SELECT c.id, c.parent_id AS parentId, c.store_id AS storeId, c.slug, c.name, c.position, c.created_by AS createdBy, c.updated_by AS updatedBy,
        c.created_at AS createdAt, c.updated_at AS updatedAt
      FROM up JOIN categories c ON c.id = up.id ORDER BY up.depth DESC`),
    db.select().from(categories).where(eq(categories.parentId, row.id)).orderBy(asc(categories.position), asc(categories.name)),
  ]);
  return { ...toCategoryView(row), ancestors: ancestors.map(toCategoryView), children: children.map(toCategoryView) };
}
