import type { Actor } from "../audit/actor";
import { auditStatement, changedFields } from "../audit/record";
import { and, count, desc, eq, isNotNull, like, or, sql, type SQL } from "drizzle-orm";
import { passwordProblems, hashPassword } from "./password";
import { users } from "../db/schema";
import type { DbDeps, ReadDeps, Role } from "../env";
import { AppError, notFound, validationError } from "../lib/errors";
import { newId } from "../lib/ids";
import { offsetOf, type PaginationQuery } from "../lib/pagination";
import { isUniqueViolation } from "../lib/db-errors";
import { iso } from "../lib/time";
import { getStore } from "../stores/service";
import type { CreateUserInput, UpdateUserInput, UserView } from "./schemas";

export type UserRow = typeof users.$inferSelect;

export function toUserView(u: UserRow): UserView {
  return {
    id: u.id,
    email: u.email,
    phone: u.phone,
    pending_phone: u.pendingPhone,
    name: u.name,
    role: u.role,
    store_id: u.storeId,
    is_active: u.isActive,
    created_at: iso(u.createdAt),
  };
}

export function assertPasswordPolicy(password: string, email?: string | null, name?: string | null) {
  const problems = passwordProblems(password, email, name);
  if (problems.length > 0) {
    throw validationError("The password does not meet the policy", {
      fields: problems.map((message) => ({ field: "password", code: "weak_password", message })),
    });
  }
}

export async function findUserById(deps: ReadDeps, id: string) {
  const { db } = deps;
  return db.query.users.findFirst({ where: eq(users.id, id) });
}

export async function findUserByEmail(deps: ReadDeps, email: string) {
  const { db } = deps;
  return db.query.users.findFirst({ where: eq(users.email, email) });
}

export async function findUserByPhone(deps: ReadDeps, phone: string) {
  const { db } = deps;
  return db.query.users.findFirst({ where: eq(users.phone, phone) });
}

/** Active staff and sellers with an email: who gets the stock digest (inventory). */
export async function activeStaffAndSellers(deps: ReadDeps) {
  const { db } = deps;
  return db
    .select({ id: users.id, email: users.email, role: users.role, storeId: users.storeId })
    .from(users)
    .where(and(eq(users.isActive, true), isNotNull(users.email), sql`${users.role} IN ('staff', 'seller')`));
}

export async function getUser(deps: ReadDeps, id: string): Promise<UserRow> {
  const user = await findUserById(deps, id);
  if (!user) throw notFound("User");
  return user;
}

/** A new password hash (auth decides when: a change or a reset, which also end the sessions). */
export async function setPasswordHash(deps: DbDeps, id: string, passwordHash: string): Promise<void> {
  const { db } = deps;
  await db.update(users).set({ passwordHash, updatedAt: Date.now() }).where(eq(users.id, id));
}

/** The caller's own profile fields (PATCH /auth/me); undefined when the user is gone. */
export async function updateProfile(
  deps: DbDeps,
  id: string,
  patch: Partial<Pick<UserRow, "name" | "phone" | "pendingPhone">>,
): Promise<UserRow | undefined> {
  const { db } = deps;
  const [row] = await db.update(users).set({ ...patch, updatedAt: Date.now() }).where(eq(users.id, id)).returning();
  return row;
}

/** Makes the pending phone the verified one, only if it is still the pending one; undefined otherwise. */
export async function setPendingPhoneVerified(deps: DbDeps, id: string, pendingPhone: string): Promise<UserRow | undefined> {
  const { db } = deps;
  const [row] = await db
    .update(users)
    .set({ phone: pendingPhone, pendingPhone: null, updatedAt: Date.now() })
    .where(and(eq(users.id, id), eq(users.pendingPhone, pendingPhone)))
    .returning();
  return row;
}

async function assertStoreRole(deps: ReadDeps, role: Role, storeId: string | null | undefined) {
  if (role === "seller" && !storeId) throw validationError("A seller must belong to a store", { field: "store_id" });
  if (role !== "seller" && storeId) throw validationError("Only sellers belong to a store", { field: "store_id" });
  if (storeId) await getStore(deps, storeId);
}

/** Inserts a user; the unique indexes, not a prior read, decide duplicates (so races are safe). */
export async function insertUser(
  deps: DbDeps,
  input: {
    email?: string | null;
    /** Only a phone proven by OTP; any other number goes in `pendingPhone`. */
    phone?: string | null;
    pendingPhone?: string | null;
    name: string;
    role: Role;
    storeId?: string | null;
    password?: string;
  },
  /** An admin creating the account: recorded as its author, with the audit row in the same batch. */
  actor?: Actor,
): Promise<UserRow> {
  const { db } = deps;
  const row = {
    id: newId(),
    email: input.email ?? null,
    phone: input.phone ?? null,
    pendingPhone: input.pendingPhone ?? null,
    name: input.name,
    role: input.role,
    storeId: input.storeId ?? null,
    passwordHash: input.password ? await hashPassword(input.password) : null,
    createdBy: actor?.id ?? null,
    updatedBy: actor?.id ?? null,
  };
  try {
    const insert = db.insert(users).values(row).returning();
    const [created] = actor
      ? (await db.batch([insert, auditStatement(db, actor, "create", "user", row.id, changedFields(null, audited(row)))]))[0]
      : await insert;
    if (!created) throw new Error("insert returned nothing");
    return created;
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError(409, "conflict", "An account with this email or phone already exists");
    }
    throw err;
  }
}

/** A user's audited fields, named as the API names them (never the password hash). */
const audited = (u: Partial<UserRow>) => ({
  email: u.email,
  pending_phone: u.pendingPhone,
  name: u.name,
  role: u.role,
  store_id: u.storeId,
  is_active: u.isActive,
});

export async function createUser(deps: DbDeps, actor: Actor, input: CreateUserInput): Promise<UserRow> {
  assertPasswordPolicy(input.password, input.email, input.name);
  await assertStoreRole(deps, input.role, input.store_id);
  const { phone, ...rest } = input;
  return insertUser(deps, { ...rest, pendingPhone: phone ?? null, storeId: input.store_id ?? null }, actor);
}

export async function updateUser(deps: DbDeps, actor: Actor, id: string, input: UpdateUserInput): Promise<UserRow> {
  const { db } = deps;
  const current = await getUser(deps, id);
  const role = input.role ?? current.role;
  const storeId = input.store_id !== undefined ? input.store_id : role === "seller" ? current.storeId : null;
  await assertStoreRole(deps, role, storeId);
  const changes = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.is_active !== undefined ? { isActive: input.is_active } : {}),
    role,
    storeId,
  };
  const [[updated]] = await db.batch([
    db
      .update(users)
      .set({ ...changes, updatedBy: actor.id, updatedAt: Date.now() })
      .where(eq(users.id, id))
      .returning(),
    auditStatement(db, actor, "update", "user", id, changedFields(audited(current), audited(changes))),
  ]);
  if (!updated) throw notFound("User");
  return updated;
}

export async function listUsers(deps: ReadDeps, filter: { role?: Role; search?: string }, page: PaginationQuery) {
  const { db } = deps;
  const conditions: SQL[] = [];
  if (filter.role) conditions.push(eq(users.role, filter.role));
  if (filter.search) {
    const term = `%${filter.search.toLowerCase()}%`;
    const match = or(like(users.email, term), like(users.name, term), like(users.phone, term));
    if (match) conditions.push(match);
  }
  const where = conditions.length ? and(...conditions) : undefined;
  const [rows, totals] = await Promise.all([
    db.select().from(users).where(where).orderBy(desc(users.createdAt)).limit(page.page_size).offset(offsetOf(page)),
    db.select({ n: count() }).from(users).where(where),
  ]);
  return { items: rows.map(toUserView), total: totals[0]?.n ?? 0 };
}

