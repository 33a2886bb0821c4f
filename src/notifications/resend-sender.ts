import type { DbDeps } from "../env";
import { recordDelivery, wasDelivered } from "./delivery-log";
import type { EmailSender } from "./sender";

export const RESEND_ENDPOINT = "https://api.resend.com/emails";

export interface ResendConfig {
  apiKey: string;
  from: string;
}

/** What Resend answers with a non-2xx status; the consumer retries it and, at last, dead-letters it. */
class EmailProviderError extends Error {
  constructor(
    readonly status: number,
    body: string,
  ) {
    super(`Resend answered ${status}: ${body.slice(0, 300)}`);
    this.name = "EmailProviderError";
  }
}

/**
 * Sends through Resend's HTTP API (POST /emails, Bearer key). Once per key: the D1 delivery log is
 * checked first, and the key also goes out as Resend's `Idempotency-Key`, which covers the gap between
 * a successful send and the log write (a crash there, then a redelivery within Resend's 24 h window).
 */
export function resendSender(deps: DbDeps, config: ResendConfig, fetcher: typeof fetch = fetch): EmailSender {
  return {
    transport: "resend",
    async send(message) {
      if (await wasDelivered(deps, message.key)) return;
      // OTP codes go to phone numbers; with no SMS provider they stay readable in the outbox.
      if (!message.to.includes("@")) return recordDelivery(deps, message, "outbox");
      const res = await fetcher(RESEND_ENDPOINT, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${config.apiKey}`,
          "Content-Type": "application/json",
          "Idempotency-Key": message.key,
        },
        body: JSON.stringify({
          from: config.from,
          to: [message.to],
          subject: message.subject,
          html: message.html,
          text: message.text,
          tags: [{ name: "template", value: message.template.replace(/[^A-Za-z0-9_-]/g, "_") }],
        }),
      });
      if (!res.ok) throw new EmailProviderError(res.status, await res.text());
      await recordDelivery(deps, message, "resend");
    },
  };
}
