/** What a request gives the cart: its owner (a customer, or a guest by token and the cart creation limit). */
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { forbidden } from "../lib/errors";
import { clientKey } from "../security/client-key";
import { enforceLimit } from "../security/rate-limit";
import type { CartOwner } from "./service";

/** Guests (by X-Cart-Token) and customers have carts; staff accounts do not shop. */
export function cartOwnerOf(c: Context<AppEnv>): CartOwner {
  const principal = c.get("principal");
  if (!principal) {
    return { kind: "guest", token: c.req.header("X-Cart-Token"), admitNewCart: async () => enforceLimit(c, "RL_CARTS", `cart:${await clientKey(c)}`) };
  }
  if (principal.role !== "customer") throw forbidden("Only customers and guests have carts");
  return { kind: "customer", userId: principal.id };
}
