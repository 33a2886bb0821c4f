import { DurableObject } from "cloudflare:workers";
import { createDb } from "../db/client";
import type { DbDeps, Env } from "../env";
import { newId } from "../lib/ids";
import { log } from "../lib/log";
import { afterStep, type Decision, decide } from "./lifecycle";
import type { Command, CommandReply, Decided, OrderDoc, Outcome, ReplyError, StepResult } from "./lifecycle-types";
import { OrderStore } from "./order-store";
import { loadOrderDoc, runStep } from "./order-steps";

/** A step that keeps failing is retried this many times (backoff doubling to 10 min), then reported. */
const MAX_ATTEMPTS = 12;
const backoffMs = (attempts: number) => Math.min(1_000 * 2 ** attempts, 600_000);

const unavailable: ReplyError = { status: 503, code: "service_unavailable", message: "The order cannot be read right now; try again shortly" };

/**
 * The single authority over one order's lifecycle, addressed by `env.ORDERS.idFromName(orderId)`
 * (docs/ARCHITECTURE.md invariant 3). Every command — a payment's success or failure from any provider, a
 * cancel, an expiry, a staff transition, a refund — is decided one at a time against the order's
 * document, and the decision is stored with the steps that carry it out in one `transactionSync`.
 * The steps then run in order, each idempotent; one that fails stays recorded and the alarm
 * retries it with backoff, so a crash or a D1 outage at any point converges. The alarm also fires
 * the order's own expiry. Commands run strictly one after another (an in-object queue), because
 * steps await D1 and other objects, which would otherwise let a second command interleave.
 */
export class OrderObject extends DurableObject<Env> {
  private readonly store: OrderStore;
  /** What its steps reach (D1, and the stock objects, providers and queues through env); replaced by tests that make a chosen D1 statement fail. */
  deps: DbDeps;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new OrderStore(ctx.storage.sql);
    this.deps = { env, db: createDb(env.DB) };
  }

  /** Decides `command` (once per `key`, when given), runs its steps, and answers how it ended. */
  command(orderId: string, command: Command, key?: string): Promise<CommandReply> {
    return this.exclusive(async () => {
      const doc = await this.load(orderId).catch((err: unknown) => {
        // Nothing was decided, so nothing is half done: the caller (or the provider's redelivery) retries.
        log("warn", "order.load_failed", { order_id: orderId, error: String(err) });
        return undefined;
      });
      if (doc === undefined) return { ok: false, error: unavailable };
      if (!doc) return { ok: false, error: { status: 404, code: "not_found", message: "Order not found" } };
      let decided = key ? this.store.reply(key) : null;
      if (!decided) {
        const decision = decide(doc, command, Date.now(), newId);
        this.record(decision, key);
        decided = decision.reply;
      }
      await this.drain();
      this.scheduleAlarm();
      return this.answer(decided, command);
    });
  }

  /** What the object knows, for the reconciliation check and tests. */
  inspect(): { doc: OrderDoc | null; pending: number; dead: number } {
    return { doc: this.store.doc(), pending: this.store.pendingSteps(), dead: this.store.deadSteps().length };
  }

  /** At least once, maybe twice: the order's expiry and every unfinished step are idempotent. */
  override async alarm(): Promise<void> {
    await this.exclusive(async () => {
      const doc = this.store.doc();
      if (!doc) return;
      this.record(decide(doc, { type: "expire" }, Date.now(), newId));
      await this.drain();
      this.scheduleAlarm();
    });
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async load(orderId: string): Promise<OrderDoc | null> {
    const known = this.store.doc();
    if (known) {
      if (known.orderId !== orderId) throw new Error(`Order object of ${known.orderId} addressed as ${orderId}`);
      return known;
    }
    const doc = await loadOrderDoc(this.deps, orderId);
    if (doc) this.store.saveDoc(doc);
    return doc;
  }

  private record(decision: Decision, key?: string): void {
    this.ctx.storage.transactionSync(() => this.write(decision, key));
    // Should the object be evicted before its steps run, this alarm runs them; scheduleAlarm moves it after.
    if (decision.steps.length > 0) void this.ctx.storage.setAlarm(Date.now() + backoffMs(0));
  }

  private write(decision: Decision, key?: string): void {
    this.store.saveDoc(decision.doc);
    this.store.addSteps(decision.steps);
    if (key) this.store.saveReply(key, decision.reply);
  }

  /** Runs the recorded steps in order until none is left or one fails (it is then retried by the alarm). */
  private async drain(): Promise<void> {
    for (;;) {
      const next = this.store.nextStep();
      const doc = this.store.doc();
      if (!next || !doc) return;
      let result: StepResult;
      try {
        result = await runStep(this.deps, doc, next.step);
      } catch (err) {
        const error = String(err);
        log("warn", "order.step_failed", { order_id: doc.orderId, step: next.step.kind, attempts: next.attempts + 1, error });
        if (next.attempts + 1 < MAX_ATTEMPTS) {
          this.store.retryStep(next.seq, Date.now() + backoffMs(next.attempts), error);
          return;
        }
        log("error", "order.step_abandoned", { order_id: doc.orderId, step: next.step.kind, error });
        this.ctx.storage.transactionSync(() => {
          this.store.killStep(next.seq, error);
          if (next.step.kind === "refund") this.write(afterStep(doc, next.step, { kind: "refund", ok: false, error }, Date.now(), newId));
        });
        continue;
      }
      this.ctx.storage.transactionSync(() => {
        this.store.finishStep(next.seq);
        this.write(afterStep(doc, next.step, result, Date.now(), newId));
      });
    }
  }

  /** One alarm: the earliest of a step's retry and, while unpaid, the order's expiry. */
  private scheduleAlarm(): void {
    const doc = this.store.doc();
    const next = this.store.nextStep();
    const due = [next?.nextAt ?? null, doc?.status === "pending_payment" ? doc.reservationExpiresAt : null].filter((t): t is number => t !== null);
    if (due.length > 0) void this.ctx.storage.setAlarm(Math.max(Math.min(...due), Date.now()));
    else void this.ctx.storage.deleteAlarm();
  }

  private answer(decided: Decided, command: Command): CommandReply {
    if (!decided.ok) return decided;
    const doc = this.store.doc();
    if (!doc) throw new Error("order document vanished");
    const settled = this.store.pendingSteps() === 0;
    let outcome: Outcome = decided.outcome;
    if (decided.refundId) {
      const refund = doc.refunds[decided.refundId];
      if (refund?.status === "failed") {
        return { ok: false, error: { status: 502, code: "provider_error", message: refund.error ?? "The provider refused the refund", details: { refund_id: decided.refundId } } };
      }
      if (refund?.status === "pending") outcome = "pending";
    } else if (command.type === "payment_succeeded" && decided.paymentId && decided.outcome !== "ignored") {
      outcome = doc.committing === decided.paymentId ? "pending" : (doc.payments[decided.paymentId]?.outcome ?? outcome);
    }
    return { ok: true, outcome, settled, status: doc.status };
  }
}
