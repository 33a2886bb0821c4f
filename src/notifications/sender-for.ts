import type { DbDeps } from "../env";
import { resendSender } from "./resend-sender";
import { type EmailSender, outboxSender } from "./sender";

/** The provider when its key is configured, else the outbox (local dev and tests need no secret). */
export function emailSenderFor(deps: DbDeps, fetcher: typeof fetch = fetch): EmailSender {
  const { env } = deps;
  if (env.EMAIL_API_KEY) return resendSender(deps, { apiKey: env.EMAIL_API_KEY, from: env.EMAIL_FROM }, fetcher);
  return outboxSender(deps);
}
