import { createApp } from "./app";
import { sweepExpiredCredentials } from "./auth/sweep";
import { sweepExpiredCarts } from "./cart/sweep";
import { createDb } from "./db/client";
import { devProviderFetch } from "./dev/payment-sandbox";
import type { Env } from "./env";
import { sendStockDigests } from "./inventory/stock-digest";
import { sweepLapsedHolds } from "./inventory/sweep";
import { sweepIdempotencyKeys } from "./lib/idempotency";
import { consumeEmailBatch } from "./notifications/consumer";
import { requeueEmailIntents } from "./notifications/intents";
import { recordDeadLetters } from "./notifications/dead-letters";
import { emailSenderFor } from "./notifications/sender-for";
import { consumeExportBatch, failDeadLetteredExports } from "./reports/export-consumer";
import { reconcileAndRepair } from "./orders/reconciliation";
import { ordersForPayments } from "./orders/payments-port";
import { expireLapsedOrders } from "./orders/service";
import { setOrderPort } from "./payments/order-port";
import { setProviderFetch } from "./payments/providers";
import type { ExportMessage } from "./reports/export-message";

export { StockObject } from "./inventory/stock-object";
export { OrderObject } from "./orders/order-object";

// Ports payments declare, wired once per isolate: orders and the dev sandboxes import payments, not the other way round.
setOrderPort(ordersForPayments);
setProviderFetch(devProviderFetch);

const app = createApp();

export default {
  fetch: app.fetch,

  async queue(batch, env) {
    const db = createDb(env.DB);
    if (batch.queue.endsWith("-exports-dlq")) await failDeadLetteredExports(batch as MessageBatch<ExportMessage>, env);
    if (batch.queue.endsWith("-dlq")) return recordDeadLetters({ env, db }, batch);
    if (batch.queue.endsWith("-email")) return consumeEmailBatch(batch, emailSenderFor({ env, db }));
    if (batch.queue.endsWith("-exports")) return consumeExportBatch(batch as MessageBatch<ExportMessage>, env);
    throw new Error(`No consumer for queue ${batch.queue}`);
  },

  async scheduled(_controller, env, ctx) {
    const db = createDb(env.DB);
    ctx.waitUntil(
      Promise.all([
        expireLapsedOrders({ env, db }),
        sweepLapsedHolds(env),
        sweepExpiredCredentials(db),
        sweepExpiredCarts({ env, db }),
        sweepIdempotencyKeys(db),
        requeueEmailIntents({ env, db }),
        reconcileAndRepair({ env, db }),
        sendStockDigests({ env, db }),
      ]),
    );
  },
} satisfies ExportedHandler<Env>;
