import type { Db } from "../db/client";
import { outbox } from "../db/schema";
import { newId } from "../lib/ids";
import type { EmailMessage } from "./schemas";

export interface EmailSender {
  readonly transport: string;
  /** Delivers once per `message.key`; a repeated key is a no-op. */
  send(message: EmailMessage): Promise<void>;
}

/** The default sender when no provider is configured: the D1 outbox is the mailbox. */
export function outboxSender(db: Db): EmailSender {
  return {
    transport: "outbox",
    async send(message) {
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
          transport: "outbox",
        })
        .onConflictDoNothing({ target: outbox.dedupeKey });
    },
  };
}
