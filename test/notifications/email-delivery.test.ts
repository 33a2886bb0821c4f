import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import worker from "../../src/index";
import { retryDelaySeconds } from "../../src/lib/queue-retry";
import { consumeEmailBatch } from "../../src/notifications/consumer";
import { RESEND_ENDPOINT, resendSender } from "../../src/notifications/resend-sender";
import type { EmailMessage } from "../../src/notifications/schemas";
import { emailSenderFor } from "../../src/notifications/sender-for";
import { api, expectError, json } from "../helpers";
import { db, uniqueEmail, userWithRole } from "../factories";

const message = (to: string, key = `test:${crypto.randomUUID()}`): EmailMessage => ({
  key,
  template: "order_paid",
  to,
  subject: "Payment received: ORD-1",
  text: "Thank you",
  html: "<p>Thank you</p>",
});

const batchOf = (queue: string, bodies: unknown[], attempts = 1) =>
  createMessageBatch(
    queue,
    bodies.map((body) => ({ id: crypto.randomUUID(), timestamp: new Date(), attempts, body })),
  );

/** A fetch double for Resend's API: records each request and answers with `status`. */
function fakeResend(status = 200) {
  const calls: Request[] = [];
  const fetcher = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push(new Request(input, init));
    return new Response(status === 200 ? JSON.stringify({ id: "re_123" }) : '{"message":"boom"}', { status });
  });
  return { calls, fetcher: fetcher as unknown as typeof fetch };
}

async function outboxFor(adminToken: string, to: string) {
  return json(await api(`/admin/outbox?to=${encodeURIComponent(to)}`, { token: adminToken }));
}

describe("email queue consumer", () => {
  it("sends a redelivered message once (same dedupe key twice → one email)", async () => {
    const admin = await userWithRole("admin");
    const to = uniqueEmail("buyer");
    const email = message(to);
    for (let i = 0; i < 2; i++) {
      const batch = batchOf("edge-commerce-email", [email, email]);
      await worker.queue(batch, env);
      expect((await getQueueResult(batch, createExecutionContext())).explicitAcks).toHaveLength(2);
    }
    const outbox = await outboxFor(admin.token, to);
    expect(outbox.pagination.total).toBe(1);
    expect(outbox.data[0]).toMatchObject({ dedupe_key: email.key, transport: "outbox", subject: email.subject });
  });

  it("retries a failing send with backoff, and the DLQ consumer records what exhausted its retries", async () => {
    const admin = await userWithRole("admin");
    const to = uniqueEmail("buyer");
    const email = message(to);
    const { fetcher } = fakeResend(503);
    const sender = resendSender({ env, db: db() }, { apiKey: "re_test", from: "Shop <shop@example.com>" }, fetcher);
    for (const attempts of [1, 2, 3]) {
      const batch = batchOf("edge-commerce-email", [email], attempts);
      await consumeEmailBatch(batch, sender);
      const result = await getQueueResult(batch, createExecutionContext());
      expect(result.explicitAcks).toEqual([]);
      expect(result.retryMessages.map((m) => m.msgId)).toEqual([batch.messages[0]!.id]);
    }
    // getQueueResult does not report the delay asked for; the backoff it comes from:
    expect([1, 2, 3, 10].map(retryDelaySeconds)).toEqual([10, 20, 40, 600]);
    expect((await outboxFor(admin.token, to)).pagination.total).toBe(0);

    // After max_retries the queue hands the message to edge-commerce-email-dlq.
    const dead = batchOf("edge-commerce-email-dlq", [email], 6);
    await worker.queue(dead, env);
    await worker.queue(dead, env); // a redelivered dead letter is recorded once
    expect((await getQueueResult(dead, createExecutionContext())).explicitAcks).toHaveLength(1);
    const res = await api("/admin/dead-letters?queue=edge-commerce-email-dlq&page_size=100", { token: admin.token });
    expect(res.status).toBe(200);
    const letters = (await json(res)).data.filter((d: { message_id: string }) => d.message_id === dead.messages[0]!.id);
    expect(letters).toEqual([
      expect.objectContaining({ queue: "edge-commerce-email-dlq", attempts: 6, body: email }),
    ]);
  });

  it("shows dead letters to admins only", async () => {
    const staff = await userWithRole("staff");
    await expectError(await api("/admin/dead-letters", { token: staff.token }), 403, "forbidden");
  });
});

describe("Resend sender", () => {
  const config = { apiKey: "re_test_key", from: "Edge Commerce <orders@example.com>" };

  it("POSTs the documented JSON with the API key and the dedupe key as Idempotency-Key, once per key", async () => {
    const { calls, fetcher } = fakeResend();
    const sender = resendSender({ env, db: db() }, config, fetcher);
    const email = message(uniqueEmail("buyer"));
    await sender.send(email);
    await sender.send(email);

    expect(calls).toHaveLength(1);
    const req = calls[0]!;
    expect(req.url).toBe(RESEND_ENDPOINT);
    expect(req.method).toBe("POST");
    expect(req.headers.get("Authorization")).toBe("Bearer re_test_key");
    expect(req.headers.get("Content-Type")).toBe("application/json");
    expect(req.headers.get("Idempotency-Key")).toBe(email.key);
    expect(await req.json()).toEqual({
      from: config.from,
      to: [email.to],
      subject: email.subject,
      html: email.html,
      text: email.text,
      tags: [{ name: "template", value: "order_paid" }],
    });
    const admin = await userWithRole("admin");
    expect((await outboxFor(admin.token, email.to)).data[0]).toMatchObject({ transport: "resend", dedupe_key: email.key });
  });

  it("throws on a non-2xx answer, so the consumer retries", async () => {
    const { fetcher } = fakeResend(422);
    await expect(resendSender({ env, db: db() }, config, fetcher).send(message(uniqueEmail()))).rejects.toThrow(/Resend answered 422/);
  });

  it("keeps messages to a phone number (OTP) in the outbox, with no HTTP call", async () => {
    const { calls, fetcher } = fakeResend();
    await resendSender({ env, db: db() }, config, fetcher).send(message("+6281234567890"));
    expect(calls).toHaveLength(0);
  });

  it("is picked when EMAIL_API_KEY is set; the outbox otherwise", () => {
    expect(emailSenderFor({ env: { ...env, EMAIL_API_KEY: "re_x" }, db: db() }).transport).toBe("resend");
    expect(emailSenderFor({ env: { ...env, EMAIL_API_KEY: undefined }, db: db() }).transport).toBe("outbox");
  });
});
