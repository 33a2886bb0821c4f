import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { webhookEvents } from "../db/schema";
import { newId } from "../lib/ids";
import type { Outcome } from "./effects";
import type { ProviderName } from "./provider";

export interface WebhookResult {
  duplicate: boolean;
  outcome?: Outcome;
}

/**
 * Logs a provider event and applies it until it is done. A delivery of an event already finished
 * is a duplicate; one still `processing` (cut off, or racing another delivery) is applied again:
 * `apply` sends a command keyed by the event id to the order's OrderObject, which runs each key
 * once and resumes its unfinished steps, so no lease or claim release is needed.
 */
export async function applyOnce(
  db: Db,
  event: { provider: ProviderName; id: string; type: string },
  apply: (key: string) => Promise<{ outcome: Outcome; settled: boolean; paymentId: string | null }>,
): Promise<WebhookResult> {
  const where = and(eq(webhookEvents.provider, event.provider), eq(webhookEvents.eventId, event.id));
  const [, rows] = await db.batch([
    db
      .insert(webhookEvents)
      .values({ id: newId(), provider: event.provider, eventId: event.id, type: event.type, status: "processing" })
      .onConflictDoNothing(),
    db.select({ id: webhookEvents.id, status: webhookEvents.status }).from(webhookEvents).where(where),
  ]);
  const row = rows[0];
  if (!row) throw new Error("webhook event row missing after insert");
  if (row.status !== "processing") return { duplicate: true };
  const { outcome, settled, paymentId } = await apply(`webhook:${event.provider}:${event.id}`);
  // Unfinished steps stay `processing`, so a redelivery drives them too (the object's alarm does anyway).
  if (settled) {
    await db.update(webhookEvents).set({ status: outcome, paymentId, processedAt: Date.now() }).where(eq(webhookEvents.id, row.id));
  }
  return { duplicate: false, outcome };
}
