import type { Env } from "../env";
import { sha512Hex } from "../payments/midtrans-webhook";
import { loadSandbox, type SandboxTransaction, saveSandbox } from "./sandbox-store";

/** The status_code Midtrans gives each transaction_status (https://docs.midtrans.com/reference/get-transaction-status). */
const MIDTRANS_STATUS_CODES: Record<string, string> = {
  settlement: "200",
  capture: "200",
  refund: "200",
  partial_refund: "200",
  cancel: "200",
  pending: "201",
  deny: "202",
  failure: "202",
  expire: "407",
};

/** Midtrans' "yyyy-MM-dd HH:mm:ss" in Jakarta time (UTC+7). */
export const midtransTime = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 19).replace("T", " ");

const midtransAmount = (amount: number) => `${amount}.00`;

/** The Get Status body, also the fields of a notification: what Midtrans says about one transaction. */
export async function transactionStatusBody(tx: SandboxTransaction, serverKey: string) {
  const status = tx.transaction_status ?? "pending";
  const statusCode = MIDTRANS_STATUS_CODES[status] ?? "200";
  return {
    status_code: statusCode,
    status_message: "Success, transaction is found",
    transaction_id: tx.transaction_id,
    order_id: tx.order_id,
    merchant_id: "G000SANDBOX",
    gross_amount: tx.gross_amount,
    currency: "IDR",
    payment_type: "bank_transfer",
    transaction_time: tx.transaction_time,
    transaction_status: status,
    fraud_status: "accept",
    va_numbers: [{ bank: "bca", va_number: tx.transaction_id.replace(/\D/g, "").slice(0, 11).padEnd(11, "0") }],
    signature_key: await sha512Hex(`${tx.order_id}${statusCode}${tx.gross_amount}${serverKey}`),
    ...(status === "settlement" ? { settlement_time: tx.transaction_time } : {}),
    ...(tx.refund_amount ? { refund_amount: tx.refund_amount, refunds: [{ refund_amount: tx.refund_amount, refund_key: `sbx-${tx.order_id}`, created_at: tx.transaction_time }] } : {}),
  };
}

const midtransJson = (body: unknown, status = 200) => Response.json(body, { status });
const notFound = () => midtransJson({ status_code: "404", status_message: "Transaction doesn't exist.", id: crypto.randomUUID() }, 404);

/** The part of Midtrans this app calls: Snap transactions, Get Status and refunds, sandbox or production hosts. */
export async function midtransSandbox(env: Env, serverKey: string, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const expected = `Basic ${btoa(`${serverKey}:`)}`;
  if (request.headers.get("Authorization") !== expected) {
    return midtransJson({ status_code: "401", status_message: "Access denied due to unauthorized transaction, please check client or server key" }, 401);
  }
  if (request.method === "POST" && url.pathname === "/snap/v1/transactions") {
    const body = (await request.json().catch(() => ({}))) as { transaction_details?: { order_id?: string; gross_amount?: number } };
    const orderId = body.transaction_details?.order_id;
    const gross = body.transaction_details?.gross_amount;
    if (!orderId || !Number.isSafeInteger(gross)) {
      return midtransJson({ error_messages: ["transaction_details.order_id and gross_amount are required"] }, 400);
    }
    if (await loadSandbox<SandboxTransaction>(env, "midtrans", orderId)) {
      return midtransJson({ error_messages: ["transaction_details.order_id has already been taken"] }, 400);
    }
    const token = crypto.randomUUID();
    await saveSandbox(env, "midtrans", orderId, {
      order_id: orderId,
      gross_amount: midtransAmount(gross as number),
      transaction_id: crypto.randomUUID(),
      transaction_status: null,
      status_code: "201",
      transaction_time: midtransTime(Date.now()),
      refund_amount: null,
    });
    return midtransJson({ token, redirect_url: `${url.origin}/snap/v4/redirection/${token}` }, 201);
  }
  const match = url.pathname.match(/^\/v2\/([^/]+)\/(status|refund)$/);
  const tx = match?.[1] ? await loadSandbox<SandboxTransaction>(env, "midtrans", decodeURIComponent(match[1])) : null;
  if (request.method === "GET" && match?.[2] === "status") {
    return tx?.transaction_status ? midtransJson(await transactionStatusBody(tx, serverKey)) : notFound();
  }
  if (request.method === "POST" && match?.[2] === "refund") {
    if (!tx?.transaction_status) return notFound();
    const sent = (await request.json().catch(() => ({}))) as { refund_key?: string; amount?: number };
    const gross = Number(tx.gross_amount);
    const already = Number(tx.refund_amount ?? 0);
    const amount = sent.amount ?? gross - already;
    if (!["settlement", "capture", "partial_refund"].includes(tx.transaction_status) || amount <= 0 || already + amount > gross) {
      return midtransJson({ status_code: "412", status_message: "Merchant cannot modify the status of the transaction" });
    }
    const total = already + amount;
    const status = total === gross ? "refund" : "partial_refund";
    await saveSandbox(env, "midtrans", tx.order_id, { ...tx, transaction_status: status, refund_amount: midtransAmount(total) });
    return midtransJson({
      status_code: "200",
      status_message: "Success, refund request is approved",
      transaction_id: tx.transaction_id,
      order_id: tx.order_id,
      gross_amount: tx.gross_amount,
      currency: "IDR",
      transaction_status: status,
      refund_amount: midtransAmount(amount),
      refund_key: sent.refund_key ?? crypto.randomUUID(),
    });
  }
  return notFound();
}
