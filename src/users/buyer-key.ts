import { type Placeholder, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { users } from "../db/schema";
import { findUserById } from "./service";

/**
 * An email as limits count it: trimmed, lower-cased, and without a `+tag` in the local part, so
 * `Ana+2@Shop.example` and `ana@shop.example` are one buyer. (Only for limit keys; mail still goes
 * to the address as given.)
 */
function limitEmail(email: string): string {
  const normalized = email.trim().toLowerCase();
  const at = normalized.lastIndexOf("@");
  if (at < 0) return normalized;
  const local = normalized.slice(0, at).split("+")[0] ?? "";
  return `${local}${normalized.slice(at)}`;
}

/**
 * Who is buying, for per-customer limits (discount uses, unpaid-order caps): an account with an email
 * and a guest giving that email are the same buyer; an account without an email is its id.
 */
export function buyerKey(account: { id: string; email: string | null } | null, guestEmail: string | null): string {
  if (account) return account.email ? `email:${limitEmail(account.email)}` : `user:${account.id}`;
  if (!guestEmail) throw new Error("a guest buyer needs an email");
  return `email:${limitEmail(guestEmail)}`;
}

export async function buyerKeyForUser(db: Db, userId: string): Promise<string> {
  const user = await findUserById({ db }, userId);
  return buyerKey(user ? { id: user.id, email: user.email } : { id: userId, email: null }, null);
}

/**
 * `buyerKeyForUser` as a SQL expression over the users row, so a caller's batch can count by it without
 * reading the user first. Emails are validated with one "@", so the first "@" is the last.
 */
export function buyerKeySqlForUser(userId: string | Placeholder): SQL<string | null> {
  const e = sql`lower(trim(${users.email}))`;
  const local = sql`substr(${e}, 1, instr(${e}, '@') - 1)`;
  const bare = sql`CASE WHEN instr(${local}, '+') > 0 THEN substr(${local}, 1, instr(${local}, '+') - 1) ELSE ${local} END`;
  const normalized = sql`CASE WHEN instr(${e}, '@') > 0 THEN ${bare} || substr(${e}, instr(${e}, '@')) ELSE ${e} END`;
  return sql<string | null>`(SELECT CASE WHEN ${users.email} IS NULL THEN 'user:' || ${users.id} ELSE 'email:' || ${normalized} END FROM ${users} WHERE ${users.id} = ${userId})`;
}
