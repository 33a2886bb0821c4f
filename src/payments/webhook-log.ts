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
 * Applies a provider event once. The unique (provider, event_id) row is claimed first, so a
 * redelivery is a no-op; if applying throws, the claim is dropped so the provider's retry runs it.
 */
export async function applyOnce(
  db: Db,
  event: { provider: ProviderName; id: string; type: string },
  apply: () => Promise<{ outcome: Outcome; paymentId: string | null }>,
): Promise<WebhookResult> {
  const claimed = await db
    .insert(webhookEvents)
    .values({ id: newId(), provider: event.provider, eventId: event.id, type: event.type, status: "processing" })
    .onConflictDoNothing()
    .returning({ id: webhookEvents.id });
  const row = claimed[0];
  if (!row) return { duplicate: true };
  try {
    const { outcome, paymentId } = await apply();
    await db
      .update(webhookEvents)
      .set({ status: outcome, paymentId, processedAt: Date.now() })
      .where(eq(webhookEvents.id, row.id));
    return { duplicate: false, outcome };
  } catch (err) {
    await db.delete(webhookEvents).where(and(eq(webhookEvents.id, row.id), eq(webhookEvents.status, "processing")));
    throw err;
  }
}
