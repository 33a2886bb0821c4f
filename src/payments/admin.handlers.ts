import { actorOf } from "../audit/actor";
import type { AppRouteHandler } from "../lib/openapi";
import type * as routes from "./admin.routes";
import { listPayments, paymentStats } from "./queries";
import { confirmManualPayment, refundPaymentById, rejectManualPayment } from "./service";
import { toAdminPaymentView } from "./views";

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const q = c.req.valid("query");
  return c.json(await listPayments(c.var.deps, q, q, toAdminPaymentView), 200);
};

export const stats: AppRouteHandler<typeof routes.stats> = async (c) => c.json(await paymentStats(c.var.deps, c.req.valid("query")), 200);

export const confirm: AppRouteHandler<typeof routes.confirm> = async (c) => {
  const { payment, settled } = await confirmManualPayment(c.var.deps, c.req.valid("param").id, actorOf(c));
  return c.json(toAdminPaymentView(payment), settled ? 200 : 202);
};

export const reject: AppRouteHandler<typeof routes.reject> = async (c) => {
  const body = c.req.valid("json");
  const { payment, settled } = await rejectManualPayment(c.var.deps, c.req.valid("param").id, actorOf(c), body?.reason);
  return c.json(toAdminPaymentView(payment), settled ? 200 : 202);
};

export const refund: AppRouteHandler<typeof routes.refund> = async (c) => {
  const body = c.req.valid("json");
  const idempotencyKey = c.req.valid("header")["idempotency-key"];
  const { payment, settled } = await refundPaymentById(c.var.deps, c.req.valid("param").id, body?.amount, actorOf(c), idempotencyKey);
  return c.json(toAdminPaymentView(payment), settled ? 200 : 202);
};
