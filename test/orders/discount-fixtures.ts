import { expect } from "vitest";
import { cartApi, type CartCaller, createDiscount } from "../factories";

export async function applyCode(who: CartCaller, code: string) {
  const res = await cartApi("/cart/discount", who, { body: { code } });
  expect(res.status).toBe(200);
}

// test/security/hoarding.test.ts still imports createDiscount from here; the money half's tests take it from test/factories.ts.
export { createDiscount };
