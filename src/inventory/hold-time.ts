import type { Env } from "../env";
import { reservationTtlMs } from "./service";

/**
 * How long checkout holds an order's stock: RESERVATION_TTL_SECONDS, or less when a variant asks for a
 * shorter hold (a flash-sale variant may hold for 5 minutes instead of 15). The order has one payment
 * deadline, so the shortest wins.
 */
export function holdTtlMs(env: Env, variantHoldSeconds: Array<number | null>): number {
  return variantHoldSeconds.reduce<number>((ttl, s) => (s ? Math.min(ttl, s * 1000) : ttl), reservationTtlMs(env));
}
