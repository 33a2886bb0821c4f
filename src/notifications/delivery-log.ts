import { eq } from "drizzle-orm";
import { outbox } from "../db/schema";
import type { DbDeps, ReadDeps } from "../env";
import { newId } from "../lib/ids";
import type { EmailMessage } from "./schemas";

/**
 * The outbox table doubles as the delivery log of every transport: one row per dedupe key,
 * so a redelivered queue message finds its key and is not sent again.
 */
export async function wasDelivered(deps: ReadDeps, key: string): Promise<boolean> {
  const { db } = deps;
  const rows = await db.select({ id: outbox.id }).from(outbox).where(eq(outbox.dedupeKey, key)).limit(1);
  return rows.length > 0;
}

export async function recordDelivery(deps: DbDeps, message: EmailMessage, transport: string): Promise<void> {
  const { db } = deps;
  await db
    .insert(outbox)
    .values({
      id: newId(),
      dedupeKey: message.key,
      template: message.template,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      transport,
    })
    .onConflictDoNothing({ target: outbox.dedupeKey });
}
