import { and, count, desc, eq, gt, isNull, like, lt, notExists, or, sql, type SQL } from "drizzle-orm";
import type { Actor } from "../audit/actor";
import { auditStatement, changedFields } from "../audit/record";
import { bumpPriceVersion } from "../catalog/price-version";
import { discountRedemptions, discounts } from "../db/schema";
import type { DbDeps, ReadDeps } from "../env";
import { conflictOnDuplicate } from "../lib/db-errors";
import { notFound, validationError } from "../lib/errors";
import { newId } from "../lib/ids";
import { offsetOf, type PaginationQuery } from "../lib/pagination";
import { iso, isoOrNull } from "../lib/time";
import type { DiscountRow } from "./rules";
import type { CreateDiscountInput, DiscountScopeInput, DiscountView, UpdateDiscountInput } from "./schemas";

const normalizeCode = (code: string) => code.trim().toUpperCase();

function scopeOf(row: Pick<DiscountRow, "scopeType" | "scopeId">): DiscountView["scope"] {
  if (!row.scopeType || !row.scopeId) return null;
  return { [`${row.scopeType}_id`]: row.scopeId };
}

export function toDiscountView(row: DiscountRow): DiscountView {
  return {
    id: row.id,
    code: row.code,
    type: row.type,
    value: row.value,
    min_order: row.minOrder,
    starts_at: isoOrNull(row.startsAt),
    ends_at: isoOrNull(row.endsAt),
    usage_limit: row.usageLimit,
    per_customer_limit: row.perCustomerLimit,
    used_count: row.usedCount,
    scope: scopeOf(row),
    created_at: iso(row.createdAt),
    updated_at: iso(row.updatedAt),
  };
}

type DiscountFields = Pick<
  DiscountRow,
  "code" | "type" | "value" | "minOrder" | "startsAt" | "endsAt" | "usageLimit" | "perCustomerLimit" | "scopeType" | "scopeId"
>;

function scopeColumns(scope: DiscountScopeInput | null): Pick<DiscountRow, "scopeType" | "scopeId"> {
  if (scope?.store_id) return { scopeType: "store", scopeId: scope.store_id };
  if (scope?.category_id) return { scopeType: "category", scopeId: scope.category_id };
  if (scope?.product_id) return { scopeType: "product", scopeId: scope.product_id };
  return { scopeType: null, scopeId: null };
}

const toMs = (value: string | null) => (value === null ? null : Date.parse(value));

/** Rules across fields, checked on the merged result so a PATCH cannot make a code inconsistent. */
function assertConsistent(d: DiscountFields): void {
  const fail = (field: string, message: string) => {
    throw validationError("The request is not valid", { target: "json", fields: [{ field, code: "custom", message }] });
  };
  if (d.type === "percent" && (d.value < 1 || d.value > 100)) fail("value", "a percent discount is 1–100");
  if (d.type === "fixed" && d.value < 1) fail("value", "a fixed discount is at least 1 minor unit");
  if (d.type === "free_shipping" && d.value !== 0) fail("value", "a free_shipping discount has value 0");
  if (d.startsAt !== null && d.endsAt !== null && d.endsAt <= d.startsAt) fail("ends_at", "must be after starts_at");
}

const codeTaken = conflictOnDuplicate("A discount with this code already exists", "code");

export async function listDiscounts(deps: ReadDeps, filter: { search?: string }, page: PaginationQuery) {
  const { db } = deps;
  const conditions: SQL[] = [isNull(discounts.deletedAt)];
  if (filter.search) conditions.push(like(discounts.code, `%${normalizeCode(filter.search)}%`));
  const where = and(...conditions);
  const [rows, totals] = await Promise.all([
    db.select().from(discounts).where(where).orderBy(desc(discounts.createdAt)).limit(page.page_size).offset(offsetOf(page)),
    db.select({ n: count() }).from(discounts).where(where),
  ]);
  return { items: rows.map(toDiscountView), total: totals[0]?.n ?? 0 };
}

/** A live (not deleted) code by id. */
export async function getDiscount(deps: ReadDeps, id: string): Promise<DiscountRow> {
  const { db } = deps;
  const row = await db.query.discounts.findFirst({ where: and(eq(discounts.id, id), isNull(discounts.deletedAt)) });
  if (!row) throw notFound("Discount");
  return row;
}

export async function findDiscountByCode(deps: ReadDeps, code: string): Promise<DiscountRow | undefined> {
  const { db } = deps;
  return db.query.discounts.findFirst({
    where: and(eq(discounts.code, normalizeCode(code)), isNull(discounts.deletedAt)),
  });
}

/** A discount's audited fields, named as the API names them. */
const audited = (d: Partial<DiscountRow>) => ({
  code: d.code,
  type: d.type,
  value: d.value,
  min_order: d.minOrder,
  starts_at: d.startsAt,
  ends_at: d.endsAt,
  usage_limit: d.usageLimit,
  per_customer_limit: d.perCustomerLimit,
  scope_type: d.scopeType,
  scope_id: d.scopeId,
  deleted_at: d.deletedAt,
});

export async function createDiscount(deps: DbDeps, actor: Actor, input: CreateDiscountInput): Promise<DiscountRow> {
  const { db } = deps;
  const fields: DiscountFields = {
    code: normalizeCode(input.code),
    type: input.type,
    value: input.value,
    minOrder: input.min_order,
    startsAt: toMs(input.starts_at),
    endsAt: toMs(input.ends_at),
    usageLimit: input.usage_limit,
    perCustomerLimit: input.per_customer_limit,
    ...scopeColumns(input.scope),
  };
  assertConsistent(fields);
  const id = newId();
  const [[row]] = await db
    .batch([
      db
        .insert(discounts)
        .values({ id, ...fields, createdBy: actor.id, updatedBy: actor.id })
        .returning(),
      auditStatement(db, actor, "create", "discount", id, changedFields(null, audited(fields))),
    ])
    .catch(codeTaken);
  if (!row) throw new Error("insert returned nothing");
  return row;
}

export async function updateDiscount(deps: DbDeps, actor: Actor, id: string, input: UpdateDiscountInput): Promise<DiscountRow> {
  const { env, db } = deps;
  const current = await getDiscount(deps, id);
  const merged: DiscountFields = {
    code: input.code !== undefined ? normalizeCode(input.code) : current.code,
    type: input.type ?? current.type,
    value: input.value ?? current.value,
    minOrder: input.min_order ?? current.minOrder,
    startsAt: input.starts_at !== undefined ? toMs(input.starts_at) : current.startsAt,
    endsAt: input.ends_at !== undefined ? toMs(input.ends_at) : current.endsAt,
    usageLimit: input.usage_limit !== undefined ? input.usage_limit : current.usageLimit,
    perCustomerLimit: input.per_customer_limit !== undefined ? input.per_customer_limit : current.perCustomerLimit,
    ...(input.scope !== undefined ? scopeColumns(input.scope) : { scopeType: current.scopeType, scopeId: current.scopeId }),
  };
  assertConsistent(merged);
  const [[row]] = await db
    .batch([
      db
        .update(discounts)
        .set({ ...merged, updatedBy: actor.id, updatedAt: Date.now() })
        .where(and(eq(discounts.id, id), isNull(discounts.deletedAt)))
        .returning(),
      auditStatement(db, actor, "update", "discount", id, changedFields(audited(current), audited(merged))),
    ])
    .catch(codeTaken);
  if (!row) throw notFound("Discount");
  // Carts that hold this code show totals computed from it.
  await bumpPriceVersion(env);
  return row;
}

/** Soft delete: redemptions keep pointing at the row, and the code becomes free for reuse. */
export async function deleteDiscount(deps: DbDeps, actor: Actor, id: string): Promise<void> {
  const { env, db } = deps;
  const current = await getDiscount(deps, id);
  const deletedAt = Date.now();
  const [[row]] = await db.batch([
    db
      .update(discounts)
      .set({ deletedAt, updatedBy: actor.id, updatedAt: deletedAt })
      .where(and(eq(discounts.id, id), isNull(discounts.deletedAt)))
      .returning({ id: discounts.id }),
    auditStatement(db, actor, "delete", "discount", id, changedFields(audited(current), { deleted_at: deletedAt })),
  ]);
  if (!row) throw notFound("Discount");
  await bumpPriceVersion(env);
}

export async function customerUses(deps: ReadDeps, discountId: string, customerKey: string): Promise<number> {
  const { db } = deps;
  const [row] = await db
    .select({ n: count() })
    .from(discountRedemptions)
    .where(and(eq(discountRedemptions.discountId, discountId), eq(discountRedemptions.customerKey, customerKey)));
  return row?.n ?? 0;
}

/**
 * Counts one use of a code for an order, atomically (for checkout, at order time).
 * One D1 batch (a transaction): a conditional UPDATE takes a use only while used_count < usage_limit
 * and the customer is under per_customer_limit; the redemption row is inserted only if that UPDATE
 * changed a row (`changes()`), and its unique order_id makes a retried call count once.
 * `customerKey` is the buyer key (users/buyer-key.ts): an account and a guest with its email share one.
 * Returns true when the order holds a use (including a retry of an order that already did).
 */
export async function redeemDiscount(deps: DbDeps, discountId: string, customerKey: string, orderId: string): Promise<boolean> {
  const { db } = deps;
  const customerCount = db
    .select({ n: count() })
    .from(discountRedemptions)
    .where(and(eq(discountRedemptions.discountId, discountId), eq(discountRedemptions.customerKey, customerKey)));
  const alreadyForOrder = db
    .select({ one: sql`1` })
    .from(discountRedemptions)
    .where(eq(discountRedemptions.orderId, orderId));
  const now = Date.now();
  const [taken] = await db.batch([
    db
      .update(discounts)
      .set({ usedCount: sql`${discounts.usedCount} + 1`, updatedAt: now })
      .where(
        and(
          eq(discounts.id, discountId),
          isNull(discounts.deletedAt),
          or(isNull(discounts.usageLimit), lt(discounts.usedCount, discounts.usageLimit)),
          or(isNull(discounts.perCustomerLimit), sql`(${customerCount}) < ${discounts.perCustomerLimit}`),
          notExists(alreadyForOrder),
        ),
      )
      .returning({ id: discounts.id }),
    // The redemption row, only if the UPDATE just above took a use.
    db.insert(discountRedemptions).select(
      db
        .select({
          id: sql<string>`${newId()}`.as("id"),
          discountId: discounts.id,
          customerKey: sql<string>`${customerKey}`.as("customer_key"),
          orderId: sql<string>`${orderId}`.as("order_id"),
          createdAt: sql<number>`${now}`.as("created_at"),
        })
        .from(discounts)
        .where(and(eq(discounts.id, discountId), sql`changes() = 1`)),
    ),
  ]);
  if (taken.length === 1) return true;
  const prior = await db.query.discountRedemptions.findFirst({ where: eq(discountRedemptions.orderId, orderId) });
  return prior?.discountId === discountId;
}

/** Gives an order's use back (order cancelled or expired unpaid). Returns whether a use was released. */
export async function releaseDiscount(deps: DbDeps, discountId: string, orderId: string): Promise<boolean> {
  const { db } = deps;
  const [removed] = await db.batch([
    db
      .delete(discountRedemptions)
      .where(and(eq(discountRedemptions.discountId, discountId), eq(discountRedemptions.orderId, orderId)))
      .returning({ id: discountRedemptions.id }),
    // Gives the use back only if the DELETE just above removed the order's row.
    db
      .update(discounts)
      .set({ usedCount: sql`${discounts.usedCount} - 1`, updatedAt: Date.now() })
      .where(and(eq(discounts.id, discountId), gt(discounts.usedCount, 0), sql`changes() = 1`)),
  ]);
  return removed.length === 1;
}
