import { z } from "@hono/zod-openapi";
import { cursorQuery } from "../lib/cursor";

export const AUDIT_OBJECTS = ["product", "variant", "image", "category", "discount", "store", "user", "order", "payment", "refund", "export"] as const;

const instant = z.iso.datetime({ offset: true }).or(z.iso.date());

export const auditLogQuery = cursorQuery
  .extend({
    actor: z.string().min(1).max(64).optional().openapi({ description: "User id of whoever made the change" }),
    object_type: z.enum(AUDIT_OBJECTS).optional(),
    object_id: z.string().min(1).max(64).optional().openapi({ description: "With object_type" }),
    from: instant.optional().openapi({ description: "From this instant (a date: its start, UTC)" }),
    to: instant.optional().openapi({ description: "Up to this instant (a date: its end, UTC)" }),
  })
  .refine((q) => q.object_id === undefined || q.object_type !== undefined, {
    message: "object_id needs object_type",
    path: ["object_id"],
  });
export type AuditLogQuery = z.infer<typeof auditLogQuery>;

export const auditEntrySchema = z
  .object({
    id: z.string(),
    actor_id: z.string(),
    actor_role: z.string(),
    action: z.string().openapi({ example: "update" }),
    object_type: z.enum(AUDIT_OBJECTS),
    object_id: z.string(),
    changes: z
      .record(z.string(), z.object({ before: z.unknown(), after: z.unknown() }))
      .openapi({ description: "Each changed field with its value before and after (times in ms since the epoch)" }),
    request_id: z.string(),
    created_at: z.string(),
  })
  .openapi("AuditEntry");
export type AuditEntryView = z.infer<typeof auditEntrySchema>;
