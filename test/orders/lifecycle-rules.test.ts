import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { afterStep, decide } from "../../src/orders/lifecycle";
import type { Command, OrderDoc, PaymentInfo, Step, StepResult } from "../../src/orders/lifecycle-types";
import type { OrderStatus } from "../../src/orders/state-machine";

/**
 * The order authority's rules (lifecycle.ts) under thousands of random command sequences, with a
 * simulated world behind the steps: stock objects (holds that lapse, rivals that take what is
 * free), a provider that keeps every refund by its key, a discount with one use left, and steps
 * that fail before or after their effect and are retried later, as the object's alarm does. The
 * end-to-end property test (lifecycle-property.test.ts) drives the real Worker with fewer runs;
 * this one covers the decision space fast.
 */

const PAID: readonly OrderStatus[] = ["paid", "processing", "shipped", "out_for_delivery", "delivered", "partially_refunded"];
const TOTAL = 300;
const QTY = [1, 2];
const PAYMENTS = ["p0", "p1", "p2"] as const;
const PROVIDER = { p0: "stripe", p1: "midtrans", p2: "manual" } as const;

type Hold = "held" | "committed" | "released" | "expired" | null;

interface World {
  doc: OrderDoc;
  queue: Step[];
  now: number;
  lines: { onHand: number; rivalHeld: number; hold: Hold; expiresAt: number }[];
  discount: { limit: number; used: number; ours: boolean };
  /** Refunds the provider made, by key: ours by refund id, the dashboard's by a counter. */
  providerRefunds: Map<string, { paymentId: string; amount: number }>;
  captured: Set<string>;
  faults: boolean[];
}

const info = (id: (typeof PAYMENTS)[number]): PaymentInfo => ({ id, provider: PROVIDER[id], providerRef: id, amount: TOTAL, currency: "IDR", status: "pending" });

function newWorld(faults: boolean[], withDiscount: boolean): World {
  const doc: OrderDoc = {
    orderId: "o1",
    number: "ORD-1",
    email: "buyer@example.com",
    currency: "IDR",
    total: TOTAL,
    lines: QTY.map((qty, i) => ({ variantId: `v${i}`, qty })),
    discountId: withDiscount ? "d1" : null,
    customerKey: "buyer@example.com",
    discountHeld: withDiscount,
    status: "pending_payment",
    reservationExpiresAt: 1_000,
    trackingNumber: null,
    paidAt: null,
    appliedPaymentId: null,
    stock: "held",
    committing: null,
    payments: {},
    refunds: {},
  };
  return {
    doc,
    queue: [],
    now: 0,
    lines: QTY.map((qty) => ({ onHand: qty + 1, rivalHeld: 0, hold: "held", expiresAt: 1_000 })),
    discount: { limit: 1, used: withDiscount ? 1 : 0, ours: withDiscount },
    providerRefunds: new Map(),
    captured: new Set(),
    faults,
  };
}

const qtyOf = (i: number) => QTY[i] ?? 0;
const available = (w: World, i: number) => {
  const line = w.lines[i]!;
  return line.onHand - line.rivalHeld - (line.hold === "held" && line.expiresAt > w.now ? qtyOf(i) : 0);
};

function lapse(w: World, i: number): void {
  const line = w.lines[i]!;
  if (line.hold === "held" && line.expiresAt <= w.now) line.hold = "expired";
}

/** What each step does to the world, as the real executors do to D1, the stock objects and the provider. */
function effect(w: World, step: Step): StepResult {
  switch (step.kind) {
    case "commit_stock": {
      w.lines.forEach((_, i) => lapse(w, i));
      const can = w.lines.every((l, i) => l.hold === "held" || l.hold === "committed" || ((l.hold === "expired" || l.hold === null) && available(w, i) >= qtyOf(i)));
      if (!can) {
        for (const l of w.lines) if (l.hold === "held") l.hold = "released";
        return { kind: "stock", ok: false };
      }
      w.lines.forEach((l, i) => {
        if (l.hold !== "committed") {
          l.hold = "committed";
          l.onHand -= qtyOf(i);
        }
      });
      return { kind: "stock", ok: true };
    }
    case "release_stock":
      w.lines.forEach((l, i) => {
        lapse(w, i);
        if (l.hold === "held" || l.hold === null) l.hold = "released";
      });
      return { kind: "done" };
    case "return_stock":
      w.lines.forEach((l, i) => {
        lapse(w, i);
        if (l.hold === "committed") l.onHand += qtyOf(i);
        if (l.hold !== "expired") l.hold = "released";
      });
      return { kind: "done" };
    case "redeem_discount":
      if (w.discount.ours) return { kind: "discount", ok: true };
      if (w.discount.used >= w.discount.limit) return { kind: "discount", ok: false };
      w.discount.used++;
      w.discount.ours = true;
      return { kind: "discount", ok: true };
    case "release_discount":
      if (w.discount.ours) {
        w.discount.used--;
        w.discount.ours = false;
      }
      return { kind: "done" };
    case "refund": {
      const key = step.external ? `external:${step.refundId}` : step.refundId;
      if (!step.external && !w.providerRefunds.has(key)) {
        const refunded = [...w.providerRefunds.values()].filter((r) => r.paymentId === step.paymentId).reduce((s, r) => s + r.amount, 0);
        // A provider refuses more than is left; a staff refund may also be refused outright.
        if (refunded + step.amount > TOTAL) return { kind: "refund", ok: false, error: "exceeds" };
        w.providerRefunds.set(key, { paymentId: step.paymentId, amount: step.amount });
      }
      return { kind: "refund", ok: true, status: PROVIDER[step.paymentId as keyof typeof PROVIDER] === "manual" ? "due" : "succeeded" };
    }
    default:
      return { kind: "done" };
  }
}

/** The object's drain: steps in order; a fault stops it (before or after the effect), the rest waits for the alarm. */
function drain(w: World, faulty: boolean): void {
  while (w.queue.length > 0) {
    const step = w.queue[0]!;
    const fault = faulty ? (w.faults.shift() ?? false) : false;
    const before = faulty ? (w.faults.shift() ?? false) : false;
    if (fault && before) return;
    const result = effect(w, step);
    if (fault) return; // the effect happened, its answer was lost: the retry must replay it
    w.queue.shift();
    const next = afterStep(w.doc, step, result, w.now, newId);
    w.doc = next.doc;
    w.queue.push(...next.steps);
  }
}

let ids = 0;
const newId = () => `id-${++ids}`;

function command(w: World, cmd: Command): void {
  const decision = decide(w.doc, cmd, w.now, newId);
  w.doc = decision.doc;
  w.queue.push(...decision.steps);
  drain(w, true);
}

type Action =
  | { kind: "pay"; payment: (typeof PAYMENTS)[number] }
  | { kind: "fail"; payment: (typeof PAYMENTS)[number] }
  | { kind: "cancel"; actor: "customer" | "staff" }
  | { kind: "ship" }
  | { kind: "process" }
  | { kind: "expire" }
  | { kind: "rival_stock"; line: number }
  | { kind: "rival_discount" }
  | { kind: "refund"; payment: (typeof PAYMENTS)[number]; amount: number | undefined }
  | { kind: "provider_refund"; payment: (typeof PAYMENTS)[number]; amount: number }
  | { kind: "alarm" };

const paymentArb = fc.constantFrom(...PAYMENTS);
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: paymentArb.map((payment) => ({ kind: "pay" as const, payment })) },
  paymentArb.map((payment) => ({ kind: "fail" as const, payment })),
  fc.constantFrom("customer" as const, "staff" as const).map((actor) => ({ kind: "cancel" as const, actor })),
  fc.constant({ kind: "process" as const }),
  fc.constant({ kind: "ship" as const }),
  { weight: 2, arbitrary: fc.constant({ kind: "expire" as const }) },
  fc.integer({ min: 0, max: QTY.length - 1 }).map((line) => ({ kind: "rival_stock" as const, line })),
  fc.constant({ kind: "rival_discount" as const }),
  { weight: 2, arbitrary: fc.record({ payment: paymentArb, amount: fc.option(fc.integer({ min: 1, max: TOTAL }), { nil: undefined }) }).map((r) => ({ kind: "refund" as const, ...r })) },
  fc.record({ payment: paymentArb, amount: fc.integer({ min: 1, max: TOTAL }) }).map((r) => ({ kind: "provider_refund" as const, ...r })),
  { weight: 2, arbitrary: fc.constant({ kind: "alarm" as const }) },
);

function play(w: World, action: Action): void {
  const payment = "payment" in action ? w.doc.payments[action.payment] : undefined;
  const current = (id: (typeof PAYMENTS)[number]): PaymentInfo => ({ ...info(id), status: w.doc.payments[id]?.status ?? "pending" });
  switch (action.kind) {
    case "pay":
      w.captured.add(action.payment);
      return command(w, { type: "payment_succeeded", payment: current(action.payment), report: { amount: TOTAL, currency: "IDR", source: "test" } });
    case "fail":
      if (w.captured.has(action.payment)) return;
      return command(w, { type: "payment_failed", payment: current(action.payment), report: { status: "failed", reason: null, source: "test" } });
    case "cancel":
      return command(w, { type: "cancel", actor: action.actor, actorId: null });
    case "process":
      return command(w, { type: "transition", to: "processing", actor: "staff", actorId: "s" });
    case "ship":
      return command(w, { type: "transition", to: "shipped", actor: "staff", actorId: "s", trackingNumber: "TRK" });
    case "expire":
      w.now = Math.max(w.now, 1_001);
      return command(w, { type: "expire" });
    case "rival_stock": {
      w.lines.forEach((_, i) => lapse(w, i));
      const line = w.lines[action.line]!;
      line.rivalHeld += Math.max(available(w, action.line), 0);
      return;
    }
    case "rival_discount":
      if (!w.discount.ours && w.discount.used < w.discount.limit) w.discount.used++;
      return;
    case "refund":
      if (!payment) return;
      return command(w, { type: "refund_requested", payment: current(action.payment), amount: action.amount, actorId: "s" });
    case "provider_refund": {
      // A refund made at the provider itself, reported as its running total; only when nothing of ours is in flight.
      if (!payment || !w.captured.has(action.payment) || payment.refunding > 0 || w.queue.length > 0) return;
      const refunded = [...w.providerRefunds.values()].filter((r) => r.paymentId === action.payment).reduce((s, r) => s + r.amount, 0);
      const amount = Math.min(action.amount, TOTAL - refunded);
      if (amount <= 0) return;
      w.providerRefunds.set(`dashboard:${newId()}`, { paymentId: action.payment, amount });
      return command(w, { type: "refund_reported", payment: current(action.payment), refundedTotal: refunded + amount, source: "test" });
    }
    case "alarm":
      return drain(w, true);
  }
}

function checkInvariants(w: World): void {
  const { doc } = w;
  const refundedAt = (id: string) => [...w.providerRefunds.values()].filter((r) => r.paymentId === id).reduce((s, r) => s + r.amount, 0);
  // Stock: sold exactly when the order is paid or later (a full refund before shipping gives it back).
  const sold = PAID.includes(doc.status) || (doc.status === "refunded" && doc.trackingNumber !== null);
  w.lines.forEach((line, i) => {
    expect({ line: i, status: doc.status, hold: line.hold === "committed" }).toEqual({ line: i, status: doc.status, hold: sold });
    expect(line.onHand).toBe(qtyOf(i) + 1 - (sold ? qtyOf(i) : 0));
  });
  // Money: only the applied payment of an order paid or later keeps anything; refunds never exceed the payment.
  for (const id of w.captured) {
    const kept = TOTAL - refundedAt(id);
    expect(refundedAt(id)).toBeLessThanOrEqual(TOTAL);
    if (kept > 0) expect({ id, applied: doc.appliedPaymentId, status: doc.status }).toEqual({ id, applied: id, status: expect.not.stringMatching(/^(pending_payment|expired|cancelled)$/) });
    expect(doc.payments[id]?.refunded).toBe(refundedAt(id));
  }
  const applied = Object.entries(doc.payments).filter(([, p]) => p.outcome === "applied").map(([id]) => id);
  expect(applied).toEqual(doc.appliedPaymentId ? [doc.appliedPaymentId] : []);
  // Discount: a use is counted exactly while the order is live or paid.
  if (doc.discountId) {
    const live = doc.status === "pending_payment" || PAID.includes(doc.status) || doc.status === "refunded";
    expect({ status: doc.status, ours: w.discount.ours }).toEqual({ status: doc.status, ours: live });
    expect(doc.discountHeld).toBe(w.discount.ours);
  }
}

describe("order lifecycle rules under random sequences (simulated world)", () => {
  it("money, stock and discount uses agree after any sequence once every step has run", () => {
    fc.assert(
      fc.property(
        fc.array(actionArb, { minLength: 1, maxLength: 10 }),
        fc.array(fc.boolean(), { maxLength: 60 }),
        fc.boolean(),
        (actions, faults, withDiscount) => {
          const w = newWorld(faults, withDiscount);
          for (const action of actions) play(w, action);
          for (let i = 0; i < 20 && w.queue.length > 0; i++) drain(w, false);
          expect(w.queue).toEqual([]);
          checkInvariants(w);
        },
      ),
      { numRuns: 3_000 },
    );
  });
});
