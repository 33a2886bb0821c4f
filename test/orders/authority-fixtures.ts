import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { expect, vi } from "vitest";
import { createDb } from "../../src/db/client";
import { payments } from "../../src/db/schema";
import { StockObject } from "../../src/inventory/stock-object";
import { orderStub } from "../../src/orders/order-client";
import type { OrderObject } from "../../src/orders/order-object";
import { api, json } from "../helpers";
import { db } from "../factories";

export async function paymentRow(id: string) {
  const row = await db().query.payments.findFirst({ where: eq(payments.id, id) });
  if (!row) throw new Error("payment missing");
  return row;
}

/** The order object's own view: its document and how many steps wait. */
export function inspectOrder(orderId: string) {
  return orderStub(env, orderId).inspect();
}

/** Fires the order object's alarm until it has no step left (bounded). */
export async function settleOrder(orderId: string, rounds = 5) {
  for (let i = 0; i < rounds; i++) {
    if ((await inspectOrder(orderId)).pending === 0) return;
    await runDurableObjectAlarm(orderStub(env, orderId));
  }
  expect((await inspectOrder(orderId)).pending).toBe(0);
}

/**
 * Makes D1 statements that `matches` fail inside one order's object, `times` times (a cut-off
 * write), through the object's own dependencies. Returns how many failed so far.
 */
export async function failD1InOrder(orderId: string, matches: (sql: string) => boolean, times = 1) {
  const failed = { count: 0 };
  await runInDurableObject(orderStub(env, orderId), (instance: OrderObject) => {
    const real = instance.deps.env.DB;
    const shouldFail = (sql: string) => {
      if (failed.count >= times || !matches(sql)) return false;
      failed.count++;
      return true;
    };
    instance.deps = { ...instance.deps, db: createDb(faultyD1(real, shouldFail)) };
  });
  return failed;
}

const injected = () => new Error("D1_ERROR: injected failure");

/** A D1 binding that throws for chosen statements, alone or in a batch (the whole batch fails, as D1's does). */
export function faultyD1(real: D1Database, shouldFail: (sql: string) => boolean): D1Database {
  const sqlOf = new WeakMap<object, { stmt: D1PreparedStatement; sql: string }>();
  const wrap = (stmt: D1PreparedStatement, sql: string): D1PreparedStatement => {
    const proxy: D1PreparedStatement = new Proxy(stmt, {
      get(target, prop) {
        const value = Reflect.get(target, prop) as unknown;
        if (typeof value !== "function") return value;
        if (prop === "bind") return (...args: unknown[]) => wrap(target.bind(...args), sql);
        if (prop === "run" || prop === "all" || prop === "first" || prop === "raw") {
          return (...args: unknown[]) => {
            if (shouldFail(sql)) return Promise.reject(injected());
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return (value as (...a: unknown[]) => unknown).bind(target);
      },
    });
    sqlOf.set(proxy, { stmt, sql });
    return proxy;
  };
  return new Proxy(real, {
    get(target, prop) {
      if (prop === "prepare") return (sql: string) => wrap(target.prepare(sql), sql);
      if (prop === "batch") {
        return (stmts: D1PreparedStatement[]) => {
          const parts = stmts.map((s) => sqlOf.get(s) ?? { stmt: s, sql: "" });
          if (parts.some((p) => shouldFail(p.sql))) return Promise.reject(injected());
          return target.batch(parts.map((p) => p.stmt));
        };
      }
      const value = Reflect.get(target, prop) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * Holds back one stock operation for one order until `release()` (the object call is paused in
 * flight, so other commands can be fired meanwhile). RPC calls methods off the class, so the
 * class's method is wrapped; `restore()` puts it back. The gate is a plain flag polled inside the
 * object: a promise resolved from the test could not wake code running in another object's context.
 */
export function pauseStock(method: "commit" | "reserve" | "release" | "returnSold", orderId: string, variantId?: string) {
  const proto = StockObject.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const original = proto[method];
  if (!original) throw new Error(`no ${method}`);
  const gate = { arrived: false, open: false };
  proto[method] = async function (this: StockObject, ...args: unknown[]) {
    const forVariant = variantId === undefined || this.state().variant_id === variantId;
    if (args[0] === orderId && forVariant && !gate.open) {
      gate.arrived = true;
      while (!gate.open) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return original.apply(this, args);
  };
  return {
    /** Resolves once the paused call has arrived at the object. */
    arrived: vi.waitFor(
      () => {
        if (!gate.arrived) throw new Error(`${method} for ${orderId} not reached yet`);
      },
      { timeout: 10_000, interval: 5 },
    ),
    release: () => {
      gate.open = true;
    },
    restore: () => {
      proto[method] = original;
    },
  };
}

export interface FindingView {
  kind: string;
  order_id: string | null;
  discount_id?: string;
  detail: string;
}

/** The reconciliation check through HTTP, with no grace (everything must already agree), for these orders. */
export async function reconciliation(adminToken: string, orderIds?: string[]) {
  const res = await api("/admin/reconciliation?grace_seconds=0", { token: adminToken });
  expect(res.status).toBe(200);
  const data = (await json(res)).data as FindingView[];
  return orderIds ? data.filter((f) => f.order_id !== null && orderIds.includes(f.order_id)) : data;
}
