import { expect } from "vitest";
import { type CartCaller, cartApi, createDiscount } from "../cart/fixtures";

export async function applyCode(who: CartCaller, code: string) {
  const res = await cartApi("/cart/discount", who, { body: { code } });
  expect(res.status).toBe(200);
}

export { createDiscount };
