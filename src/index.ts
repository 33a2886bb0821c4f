import { createApp } from "./app";
import { sweepExpiredCredentials } from "./auth/sweep";
import { sweepExpiredCarts } from "./cart/sweep";
import { createDb } from "./db/client";
import type { Env } from "./env";
import { sweepLapsedHolds } from "./inventory/sweep";
import { sweepIdempotencyKeys } from "./lib/idempotency";
import { log } from "./lib/log";
import { consumeEmailBatch } from "./notifications/consumer";
import { outboxSender } from "./notifications/sender";
import { expireLapsedOrders } from "./orders/service";

export { StockObject } from "./inventory/stock-object";

const app = createApp();

export default {
  fetch: app.fetch,

  async queue(batch, env) {
    if (batch.queue.endsWith("-email")) {
      await consumeEmailBatch(batch, outboxSender(createDb(env.DB)));
      return;
    }
    // Dead-letter queues: the messages that exhausted their retries are logged for an operator, then dropped.
    for (const message of batch.messages) {
      log("error", "queue.dead_letter", { queue: batch.queue, message_id: message.id, body: message.body });
      message.ack();
    }
  },

  async scheduled(_controller, env, ctx) {
    const db = createDb(env.DB);
    ctx.waitUntil(
      Promise.all([
        expireLapsedOrders(env, db),
        sweepLapsedHolds(env),
        sweepExpiredCredentials(db),
        sweepExpiredCarts(db),
        sweepIdempotencyKeys(db),
      ]),
    );
  },
} satisfies ExportedHandler<Env>;
