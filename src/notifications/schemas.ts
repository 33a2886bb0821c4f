import { z } from "@hono/zod-openapi";

/** What travels on EMAIL_QUEUE: a rendered email and the key that makes its delivery happen once. */
export const emailMessageSchema = z.object({
  key: z.string().min(1).max(200),
  template: z.string().min(1),
  to: z.string().min(1),
  subject: z.string().min(1),
  text: z.string(),
  html: z.string(),
});
export type EmailMessage = z.infer<typeof emailMessageSchema>;

export const outboxItemSchema = z
  .object({
    id: z.string(),
    dedupe_key: z.string(),
    template: z.string(),
    to: z.string(),
    subject: z.string(),
    text: z.string(),
    html: z.string(),
    status: z.string(),
    transport: z.string(),
    created_at: z.string(),
  })
  .openapi("OutboxMessage");

export const outboxQuery = z.object({
  to: z.string().optional().openapi({ description: "Only messages to this address or phone" }),
  template: z.string().optional(),
});

export const deadLetterSchema = z
  .object({
    id: z.string(),
    queue: z.string().openapi({ example: "edge-commerce-email-dlq" }),
    message_id: z.string(),
    body: z.unknown().openapi({ description: "The message body as it was queued" }),
    attempts: z.number().int(),
    created_at: z.string(),
  })
  .openapi("DeadLetter");

export const deadLetterQuery = z.object({
  queue: z.string().optional().openapi({ description: "Only this dead-letter queue, e.g. edge-commerce-email-dlq" }),
});
