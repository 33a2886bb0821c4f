import { asc, count, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { categories, products } from "../db/schema";
import { isUniqueViolation } from "../lib/db-errors";
import { AppError, conflict, notFound, unprocessable } from "../lib/errors";
import { newId } from "../lib/ids";
import { slugify } from "../lib/slug";
import { iso } from "../lib/time";
import type { CategoryNodeView, CategoryView, CreateCategoryInput, UpdateCategoryInput } from "./category-schemas";

type CategoryRow = typeof categories.$inferSelect;

export function toCategoryView(row: CategoryRow): CategoryView {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    parent_id: row.parentId,
    position: row.position,
    created_at: iso(row.createdAt),
    updated_at: iso(row.updatedAt),
  };
}

function slugTaken(err: unknown): never {
  if (isUniqueViolation(err)) throw conflict("A category with this slug already exists", { field: "slug" });
  throw err;
}

export async function getCategory(db: Db, id: string): Promise<CategoryRow> {
  const row = await db.query.categories.findFirst({ where: eq(categories.id, id) });
  if (!row) throw notFound("Category");
  return row;
}

/** A category id a product or child refers to must exist: a 422 names the field at fault. */
export async function requireCategory(db: Db, id: string, field: string): Promise<CategoryRow> {
  const row = await db.query.categories.findFirst({ where: eq(categories.id, id) });
  if (!row) throw unprocessable("unknown_category", "No category has this id", { field });
  return row;
}

/** The ids of a category and every category below it. */
export async function subtreeIds(db: Db, rootId: string): Promise<string[]> {
  const rows = await db.all<{ id: string }>(sql`
    WITH RECURSIVE subtree(id) AS (
      SELECT ${rootId}
      UNION SELECT c.id FROM categories c JOIN subtree s ON c.parent_id = s.id
    )
    SELECT id FROM subtree`);
  return rows.map((r) => r.id);
}

export async function createCategory(db: Db, input: CreateCategoryInput): Promise<CategoryRow> {
  if (input.parent_id) await requireCategory(db, input.parent_id, "parent_id");
  const [row] = await db
    .insert(categories)
    .values({
      id: newId(),
      slug: input.slug ?? slugify(input.name),
      name: input.name,
      parentId: input.parent_id ?? null,
      position: input.position,
    })
    .returning()
    .catch(slugTaken);
  if (!row) throw new Error("insert returned nothing");
  return row;
}

export async function updateCategory(db: Db, id: string, input: UpdateCategoryInput): Promise<CategoryRow> {
  await getCategory(db, id);
  if (input.parent_id) {
    await requireCategory(db, input.parent_id, "parent_id");
    // Moving under itself or a descendant would detach the branch into a loop.
    if ((await subtreeIds(db, id)).includes(input.parent_id)) {
      throw unprocessable("category_cycle", "A category cannot move under itself or its own subcategory", {
        field: "parent_id",
      });
    }
  }
  const [row] = await db
    .update(categories)
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.slug !== undefined ? { slug: input.slug } : {}),
      ...(input.parent_id !== undefined ? { parentId: input.parent_id } : {}),
      ...(input.position !== undefined ? { position: input.position } : {}),
      updatedAt: Date.now(),
    })
    .where(eq(categories.id, id))
    .returning()
    .catch(slugTaken);
  if (!row) throw notFound("Category");
  return row;
}

/** Refuses to orphan anything: children must move first, and products (even soft-deleted ones) keep their category. */
export async function deleteCategory(db: Db, id: string): Promise<void> {
  await getCategory(db, id);
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
  await db.delete(categories).where(eq(categories.id, id));
}

export async function categoryTree(db: Db): Promise<CategoryNodeView[]> {
  const rows = await db.select().from(categories).orderBy(asc(categories.position), asc(categories.name));
  const nodes = new Map(rows.map((r) => [r.id, { ...toCategoryView(r), children: [] as CategoryNodeView[] }]));
  const roots: CategoryNodeView[] = [];
  for (const node of nodes.values()) {
    const parent = node.parent_id ? nodes.get(node.parent_id) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

export async function categoryBySlug(db: Db, slug: string) {
  const row = await db.query.categories.findFirst({ where: eq(categories.slug, slug) });
  if (!row) throw notFound("Category");
  const [ancestors, children] = await Promise.all([
    db.all<CategoryRow>(sql`
      WITH RECURSIVE up(id, depth) AS (
        SELECT ${row.parentId}, 1
        UNION ALL SELECT c.parent_id, up.depth + 1 FROM categories c JOIN up ON c.id = up.id WHERE c.parent_id IS NOT NULL
      )
      SELECT c.id, c.parent_id AS parentId, c.slug, c.name, c.position, c.created_at AS createdAt, c.updated_at AS updatedAt
      FROM up JOIN categories c ON c.id = up.id ORDER BY up.depth DESC`),
    db.select().from(categories).where(eq(categories.parentId, row.id)).orderBy(asc(categories.position), asc(categories.name)),
  ]);
  return { ...toCategoryView(row), ancestors: ancestors.map(toCategoryView), children: children.map(toCategoryView) };
}
