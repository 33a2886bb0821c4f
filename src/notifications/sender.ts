import type { DbDeps } from "../env";
import { recordDelivery } from "./delivery-log";
import type { EmailMessage } from "./schemas";

export interface EmailSender {
  readonly transport: string;
  /** Delivers once per `message.key`; a repeated key is a no-op. */
  send(message: EmailMessage): Promise<void>;
}

/** The default sender when no provider is configured: the D1 outbox is the mailbox. */
export function outboxSender(deps: DbDeps): EmailSender {
  return {
    transport: "outbox",
    send: (message) => recordDelivery(deps, message, "outbox"),
  };
}
