/**
 * Counting wrappers over bindings, shared by the cost tests (test/orders/flash-checkout-cost.test.ts)
 * and the flash-sale bench worker: every D1 `batch`/`first`/`all`/`run`/`raw`/`exec` is one round
 * trip, every KV `put` one write, every Durable Object namespace `get` one stock call; `ran` counts statements.
 */
export interface Cost {
  d1: number;
  kvPuts: number;
  stockCalls: number;
}

type Fn = (...args: unknown[]) => unknown;

/** A proxy that counts calls of the named methods and passes everything else through. */
function counting<T extends object>(target: T, methods: string[], count: () => void): T {
  return new Proxy(target, {
    get(t, prop) {
      const value = Reflect.get(t, prop, t) as unknown;
      if (typeof value !== "function") return value;
      if (typeof prop === "string" && methods.includes(prop)) {
        return (...args: unknown[]) => {
          count();
          return (value as Fn).apply(t, args);
        };
      }
      return (value as Fn).bind(t);
    },
  });
}

/** Statements D1 ran for the request, however they were grouped into round trips. */
export interface StatementCount {
  n: number;
}

export function countingD1(d1: D1Database, cost: Cost, ran: StatementCount = { n: 0 }): D1Database {
  // The runtime's batch wants its own statement objects back, not proxies.
  const statements = new WeakMap<object, D1PreparedStatement>();
  const wrap = (stmt: D1PreparedStatement): D1PreparedStatement => {
    const counted = counting(stmt, ["first", "all", "run", "raw"], () => {
      cost.d1++;
      ran.n++;
    });
    const proxy = new Proxy(counted, {
      get(t, prop) {
        if (prop === "bind") return (...args: unknown[]) => wrap(stmt.bind(...args));
        return Reflect.get(t, prop, t) as unknown;
      },
    });
    statements.set(proxy, stmt);
    return proxy;
  };
  return new Proxy(d1, {
    get(target, prop) {
      if (prop === "prepare") return (query: string) => wrap(target.prepare(query));
      if (prop === "batch") {
        return (list: D1PreparedStatement[]) => {
          cost.d1++;
          ran.n += list.length;
          return target.batch(list.map((s) => statements.get(s) ?? s));
        };
      }
      if (prop === "exec") {
        return (query: string) => {
          cost.d1++;
          return target.exec(query);
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === "function" ? (value as Fn).bind(target) : value;
    },
  });
}

export const countingKv = (kv: KVNamespace, cost: Cost): KVNamespace => counting(kv, ["put"], () => cost.kvPuts++);

export const countingNamespace = <T extends object>(ns: T, cost: Cost): T =>
  counting(ns, ["get"], () => cost.stockCalls++);
