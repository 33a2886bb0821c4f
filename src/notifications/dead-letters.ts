import { and, count, desc, eq, type SQL } from "drizzle-orm";
import { deadLetters } from "../db/schema";
import type { DbDeps, ReadDeps } from "../env";
import { newId } from "../lib/ids";
import { log } from "../lib/log";
import { offsetOf, type PaginationQuery } from "../lib/pagination";
import { iso } from "../lib/time";

/** Consumes a dead-letter queue: each message is kept in D1 (once per message id) for an operator. */
export async function recordDeadLetters(deps: DbDeps, batch: MessageBatch): Promise<void> {
  const { db } = deps;
  for (const message of batch.messages) {
    try {
      await db
        .insert(deadLetters)
        .values({ id: newId(), queue: batch.queue, messageId: message.id, body: message.body, attempts: message.attempts })
        .onConflictDoNothing({ target: [deadLetters.queue, deadLetters.messageId] });
      log("error", "queue.dead_letter", { queue: batch.queue, message_id: message.id });
      message.ack();
    } catch (err) {
      log("error", "queue.dead_letter_unrecorded", { queue: batch.queue, message_id: message.id, error: String(err) });
      message.retry();
    }
  }
}

export async function listDeadLetters(deps: ReadDeps, filter: { queue?: string }, page: PaginationQuery) {
  const { db } = deps;
  const conditions: SQL[] = [];
  if (filter.queue) conditions.push(eq(deadLetters.queue, filter.queue));
  const where = conditions.length ? and(...conditions) : undefined;
  const [rows, totals] = await db.batch([
    db.select().from(deadLetters).where(where).orderBy(desc(deadLetters.createdAt)).limit(page.page_size).offset(offsetOf(page)),
    db.select({ n: count() }).from(deadLetters).where(where),
  ]);
  return {
    total: totals[0]?.n ?? 0,
    items: rows.map((r) => ({
      id: r.id,
      queue: r.queue,
      message_id: r.messageId,
      body: r.body,
      attempts: r.attempts,
      created_at: iso(r.createdAt),
    })),
  };
}
