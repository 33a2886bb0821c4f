/**
 * Email intents (see `emailIntents` in the schema): written in the same D1 batch as what they
 * report, queued right after. The cron forgets intents whose message reached the outbox and
 * queues again those still missing after INTENT_GRACE_MS (the Worker may have stopped between the
 * batch and the send), up to MAX_REQUEUES times; the outbox's unique key makes a duplicate harmless.
 */
import { and, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { emailIntents, outbox } from "../db/schema";
import type { DbDeps } from "../env";
import { log } from "../lib/log";
import { type EmailMessage, emailMessageSchema } from "./schemas";
import { queueEmail } from "./service";

export const INTENT_GRACE_MS = 2 * 60 * 1000;
const MAX_REQUEUES = 5;
const BATCH = 100;

/** A message's intent, as a statement for the batch that writes what it reports. */
export const emailIntentInsert = (db: Db, message: EmailMessage) => db.insert(emailIntents).values({ key: message.key, message });

export async function requeueEmailIntents(deps: DbDeps, now = Date.now()): Promise<{ requeued: number }> {
  const { env, db } = deps;
  await db.delete(emailIntents).where(inArray(emailIntents.key, db.select({ key: outbox.dedupeKey }).from(outbox)));
  const due = await db
    .select()
    .from(emailIntents)
    .where(and(lt(emailIntents.createdAt, now - INTENT_GRACE_MS), lt(emailIntents.attempts, MAX_REQUEUES)))
    .limit(BATCH);
  let requeued = 0;
  for (const intent of due) {
    const message = emailMessageSchema.safeParse(intent.message);
    if (!message.success) {
      log("error", "email.intent_malformed", { key: intent.key });
      continue;
    }
    try {
      await queueEmail(env, message.data);
      requeued++;
    } catch (err) {
      log("warn", "email.intent_requeue_failed", { key: intent.key, error: String(err) });
    }
  }
  if (due.length > 0) {
    await db
      .update(emailIntents)
      .set({ attempts: sql`${emailIntents.attempts} + 1` })
      .where(inArray(emailIntents.key, due.map((i) => i.key)));
  }
  return { requeued };
}
