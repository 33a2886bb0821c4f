/** A cart's one discount code: applying checks every rule now, with the reason as the error code. */
import type { DbDeps } from "../env";
import { DISCOUNT_REASONS, discountProblem } from "../discounts/rules";
import { findDiscountByCode } from "../discounts/service";
import { unprocessable } from "../lib/errors";
import { type OwnedCart, touchCart } from "./carts";
import type { CartConfig } from "./config";
import { discountContext, loadLines, usesFor } from "./view";

/** Replaces any code the cart held (one code per cart). */
export async function applyCode(deps: DbDeps, owned: OwnedCart, config: CartConfig, code: string, customerKey: string | null) {
  const { db } = deps;
  const [discount, lines] = await Promise.all([findDiscountByCode(deps, code), loadLines(deps, owned.cart.id)]);
  const problem = discountProblem(
    discount,
    discountContext(lines, discount, config.currency, await usesFor(deps, discount, customerKey)),
  );
  if (problem || !discount) {
    const reason = problem ?? "discount_invalid";
    throw unprocessable(reason, DISCOUNT_REASONS[reason], { code });
  }
  await touchCart(db, owned.cart, config.idleMs, { discountId: discount.id });
}

export async function removeCode(deps: DbDeps, owned: OwnedCart, config: CartConfig) {
  const { db } = deps;
  await touchCart(db, owned.cart, config.idleMs, { discountId: null });
}
