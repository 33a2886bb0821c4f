import type { Env } from "../env";
import { AppError } from "../lib/errors";
import { log } from "../lib/log";
import type { StockObject } from "./stock-object";

export type StockStub = DurableObjectStub<StockObject>;

/** What the runtime attaches to errors thrown across a Durable Object stub. */
interface DurableObjectFailure {
  retryable?: boolean;
  overloaded?: boolean;
  message?: string;
}

const MAX_ATTEMPTS = 3;
const BACKOFF_MS = 25;

export function stockStub(env: Env, variantId: string): StockStub {
  return env.STOCK.get(env.STOCK.idFromName(variantId));
}

/**
 * Calls a variant's StockObject. `.retryable` failures are tried again a bounded number of
 * times on a fresh stub (one that threw may be broken); every operation is keyed, so a retry
 * of a call that did land applies once. `.overloaded` is never retried: more calls are the problem.
 */
export async function callStock<T>(env: Env, variantId: string, call: (stub: StockStub) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(stockStub(env, variantId));
    } catch (err) {
      const failure = (typeof err === "object" && err !== null ? err : {}) as DurableObjectFailure;
      if (failure.overloaded) {
        throw new AppError(503, "stock_overloaded", "This item is in very high demand right now; try again shortly", {
          variant_id: variantId,
        });
      }
      if (!failure.retryable || attempt >= MAX_ATTEMPTS) throw err;
      log("warn", "inventory.stock_call_retry", { variant_id: variantId, attempt, error: failure.message });
      await new Promise((resolve) => setTimeout(resolve, BACKOFF_MS * 2 ** (attempt - 1)));
    }
  }
}
