import type { Env } from "../env";
import { AppError } from "../lib/errors";
import type { Command, CommandReply } from "./lifecycle-types";
import type { OrderObject } from "./order-object";

export type OrderStub = DurableObjectStub<OrderObject>;

export function orderStub(env: Env, orderId: string): OrderStub {
  return env.ORDERS.get(env.ORDERS.idFromName(orderId));
}

export type Settled = Extract<CommandReply, { ok: true }>;

/**
 * Sends a lifecycle command to the order's authority. A refusal comes back as the contract's
 * error; `key` makes a retried command (a webhook redelivery, a staff retry) resume, not repeat.
 */
export async function sendOrderCommand(env: Env, orderId: string, command: Command, key?: string): Promise<Settled> {
  // RPC's typing drops the refusal variant (its details are `unknown`, which it cannot prove serializable).
  const reply = (await orderStub(env, orderId).command(orderId, command, key)) as CommandReply;
  if (!reply.ok) throw new AppError(reply.error.status, reply.error.code, reply.error.message, reply.error.details);
  return reply;
}
