import { expect } from "vitest";
import { createDiscount } from "../cart/fixtures";
import { cartApi, type CartCaller } from "../factories";

export async function applyCode(who: CartCaller, code: string) {
  const res = await cartApi("/cart/discount", who, { body: { code } });
  expect(res.status).toBe(200);
}

export { createDiscount };
