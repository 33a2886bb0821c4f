import type { Context } from "hono";
import type { AppEnv } from "../env";
import { log } from "../lib/log";
import { mergeGuestCart } from "./merge";

/**
 * Called by the auth routes after a customer signs in (login, register, OTP verify): a request that
 * carries X-Cart-Token brings the guest cart into the customer's. A failed merge is logged and never
 * fails the sign-in; the guest cart then simply stays a guest cart.
 */
export async function mergeCartOnLogin(c: Context<AppEnv>, user: { id: string; role: string }): Promise<void> {
  const token = c.req.header("X-Cart-Token");
  if (!token || user.role !== "customer") return;
  try {
    await mergeGuestCart(c.var.deps, token, user.id);
  } catch (err) {
    log("error", "cart.merge_failed", { request_id: c.get("requestId"), user_id: user.id, error: String(err) });
  }
}
