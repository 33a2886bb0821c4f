import { and, eq, gte, lte, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import type { ReadDeps } from "../env";
import { auditLog } from "../db/schema";
import { cursorEnvelope, decodeCursor } from "../lib/cursor";
import { keysetAfter, keysetOrder } from "../lib/keyset";
import { iso } from "../lib/time";
import type { AuditEntryView, AuditLogQuery } from "./schemas";

const ORDERING = "-created_at";

const dayStart = (value: string) => Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
const dayEnd = (value: string) => (value.length === 10 ? Date.parse(`${value}T23:59:59.999Z`) : Date.parse(value));

function toView(row: typeof auditLog.$inferSelect): AuditEntryView {
  return {
    id: row.id,
    actor_id: row.actorId,
    actor_role: row.actorRole,
    action: row.action,
    object_type: row.objectType as AuditEntryView["object_type"],
    object_id: row.objectId,
    changes: JSON.parse(row.changes) as AuditEntryView["changes"],
    request_id: row.requestId,
    created_at: iso(row.createdAt),
  };
}

/**
 * Newest first, in keyset pages on (created_at, id): an actor's entries off `audit_log_actor_idx`, an object's
 * off `audit_log_object_idx`, everything off `audit_log_created_idx` (plan tests in test/audit/audit-log.test.ts).
 */
export function auditPageQuery(db: Db, q: AuditLogQuery) {
  const where: (SQL | undefined)[] = [
    q.actor ? eq(auditLog.actorId, q.actor) : undefined,
    q.object_type ? eq(auditLog.objectType, q.object_type) : undefined,
    q.object_id ? eq(auditLog.objectId, q.object_id) : undefined,
    q.from ? gte(auditLog.createdAt, dayStart(q.from)) : undefined,
    q.to ? lte(auditLog.createdAt, dayEnd(q.to)) : undefined,
    q.cursor ? keysetAfter(auditLog.createdAt, auditLog.id, decodeCursor(q.cursor, ORDERING, ["number", "string"]), "desc") : undefined,
  ];
  return db
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(...keysetOrder(auditLog.createdAt, auditLog.id, "desc"))
    .limit(q.limit + 1);
}

export async function listAuditLog(deps: ReadDeps, q: AuditLogQuery) {
  const { db } = deps;
  return cursorEnvelope(await auditPageQuery(db, q), q.limit, ORDERING, (r) => [r.createdAt, r.id], toView);
}
