import { and, count, desc, eq, type SQL } from "drizzle-orm";
import { outbox } from "../db/schema";
import type { Env, ReadDeps } from "../env";
import { offsetOf, type PaginationQuery } from "../lib/pagination";
import { iso } from "../lib/time";
import type { EmailMessage } from "./schemas";

/** Emails never leave on the request path: they are queued and sent by the consumer. */
export async function queueEmail(env: Env, message: EmailMessage): Promise<void> {
  await env.EMAIL_QUEUE.send(message, { contentType: "json" });
}

export async function listOutbox(deps: ReadDeps, filter: { to?: string; template?: string }, page: PaginationQuery) {
  const { db } = deps;
  const conditions: SQL[] = [];
  if (filter.to) conditions.push(eq(outbox.to, filter.to));
  if (filter.template) conditions.push(eq(outbox.template, filter.template));
  const where = conditions.length ? and(...conditions) : undefined;
  const [rows, totals] = await Promise.all([
    db.select().from(outbox).where(where).orderBy(desc(outbox.createdAt)).limit(page.page_size).offset(offsetOf(page)),
    db.select({ n: count() }).from(outbox).where(where),
  ]);
  return {
    total: totals[0]?.n ?? 0,
    items: rows.map((r) => ({
      id: r.id,
      dedupe_key: r.dedupeKey,
      template: r.template,
      to: r.to,
      subject: r.subject,
      text: r.text,
      html: r.html,
      status: r.status,
      transport: r.transport,
      created_at: iso(r.createdAt),
    })),
  };
}
