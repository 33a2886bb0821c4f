import type { Db } from "../db/client";
import { auditLog } from "../db/schema";
import { newId } from "../lib/ids";
import type { Actor } from "./actor";
import type { AUDIT_OBJECTS } from "./schemas";

export type AuditObject = (typeof AUDIT_OBJECTS)[number];
export type FieldChanges = Record<string, { before: unknown; after: unknown }>;

/** JSON has no undefined, and dates are compared as the numbers they are stored as. */
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields of `after` whose values differ from `before` (only the fields `after` names). */
export function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown>): FieldChanges {
  const changes: FieldChanges = {};
  for (const [field, value] of Object.entries(after)) {
    if (value === undefined) continue;
    const previous = before ? before[field] : null;
    if (!before || !same(previous, value)) changes[field] = { before: previous ?? null, after: value };
  }
  return changes;
}

/** Every field of a removed object, each with its value before and null after. */
export function removedFields(before: Record<string, unknown>): FieldChanges {
  return Object.fromEntries(Object.entries(before).map(([field, value]) => [field, { before: value ?? null, after: null }]));
}

/**
 * The audit row for one write, as a statement for the caller's `db.batch([change, auditStatement(...)])`,
 * so the change and its record land together or not at all.
 */
export function auditStatement(db: Db, actor: Actor, action: string, objectType: AuditObject, objectId: string, changes: FieldChanges, id = newId()) {
  return db.insert(auditLog).values({
    id,
    actorId: actor.id,
    actorRole: actor.role,
    action,
    objectType,
    objectId,
    changes: JSON.stringify(changes),
    requestId: actor.requestId,
    createdAt: Date.now(),
  });
}

/**
 * An audit row decided before it is written, by an authority (an order's or a variant's object) that writes D1
 * later and retries: its id, fixed when decided, makes a retried write insert it once.
 */
export interface PendingAudit {
  id: string;
  actor: Actor;
  action: string;
  objectType: AuditObject;
  objectId: string;
  changes: FieldChanges;
}

/** The pending row as a statement for the batch of the change it records; a replay of that batch inserts nothing. */
export function pendingAuditStatement(db: Db, audit: PendingAudit) {
  return auditStatement(db, audit.actor, audit.action, audit.objectType, audit.objectId, audit.changes, audit.id).onConflictDoNothing();
}
