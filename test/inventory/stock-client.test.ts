import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { callStock } from "../../src/inventory/stock-client";
import { AppError } from "../../src/lib/errors";

function failure(flags: { retryable?: boolean; overloaded?: boolean }) {
  return Object.assign(new Error("Durable Object reset"), flags);
}

describe("callStock", () => {
  it("retries a retryable failure a bounded number of times", async () => {
    let calls = 0;
    const value = await callStock(env, "v-retry", async () => {
      calls++;
      if (calls < 3) throw failure({ retryable: true });
      return "done";
    });
    expect({ value, calls }).toEqual({ value: "done", calls: 3 });

    calls = 0;
    const err = await callStock(env, "v-retry", async () => {
      calls++;
      throw failure({ retryable: true });
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(calls).toBe(3);
  });

  it("never retries an overloaded object and answers 503 stock_overloaded", async () => {
    let calls = 0;
    const err = await callStock(env, "v-hot", async () => {
      calls++;
      throw failure({ retryable: true, overloaded: true });
    }).catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ status: 503, code: "stock_overloaded" });
  });

  it("does not retry other errors", async () => {
    let calls = 0;
    await callStock(env, "v-bug", async () => {
      calls++;
      throw new TypeError("bug");
    }).catch(() => undefined);
    expect(calls).toBe(1);
  });
});
