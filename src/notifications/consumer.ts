import { log } from "../lib/log";
import { emailMessageSchema } from "./schemas";
import type { EmailSender } from "./sender";
import { retryDelaySeconds } from "../lib/queue-retry";

/** Consumes EMAIL_QUEUE: each message acked or retried on its own; a malformed one is dropped loudly. */
export async function consumeEmailBatch(batch: MessageBatch, sender: EmailSender): Promise<void> {
  for (const message of batch.messages) {
    const parsed = emailMessageSchema.safeParse(message.body);
    if (!parsed.success) {
      log("error", "email.malformed", { message_id: message.id });
      message.ack();
      continue;
    }
    try {
      await sender.send(parsed.data);
      log("info", "email.sent", { key: parsed.data.key, template: parsed.data.template, transport: sender.transport });
      message.ack();
    } catch (err) {
      log("warn", "email.retry", { key: parsed.data.key, attempts: message.attempts, error: String(err) });
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    }
  }
}
