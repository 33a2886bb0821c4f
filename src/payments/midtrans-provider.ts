import {
  type ChargeRequest,
  type ChargeStarted,
  notConfigured,
  type PaymentProvider,
  type ProviderDeps,
  providerError,
  type RefundRequest,
} from "./provider";

/** https://docs.midtrans.com/reference/backend-integration and /reference/refund-transaction */
function midtransUrls(isProduction: boolean) {
  return isProduction
    ? { snap: "https://app.midtrans.com/snap/v1/transactions", api: "https://api.midtrans.com/v2" }
    : { snap: "https://app.sandbox.midtrans.com/snap/v1/transactions", api: "https://api.sandbox.midtrans.com/v2" };
}

interface SnapResponse {
  token?: string;
  redirect_url?: string;
  error_messages?: string[];
}

/** GET /v2/{order_id}/status: the transaction as Midtrans holds it (https://docs.midtrans.com/reference/get-transaction-status). */
export interface MidtransStatus {
  status_code: string;
  status_message?: string;
  transaction_id?: string;
  order_id?: string;
  transaction_status?: string;
  fraud_status?: string;
  gross_amount?: string;
  currency?: string;
  refund_amount?: string;
  refunds?: { refund_amount: string }[];
}

interface RefundResponse {
  status_code?: string;
  status_message?: string;
  refund_key?: string;
}

/** An unreachable Midtrans is the provider's fault (502), not ours. */
async function guarded(call: () => Promise<Response>): Promise<Response> {
  try {
    return await call();
  } catch (err) {
    throw providerError("midtrans", `unreachable: ${String(err)}`);
  }
}

export function midtransProvider(deps: ProviderDeps): PaymentProvider & { status(orderId: string): Promise<MidtransStatus> } {
  const serverKey = deps.config.midtransServerKey;
  if (!serverKey) throw notConfigured("midtrans");
  const urls = midtransUrls(deps.config.midtransIsProduction);
  // Basic auth: the server key as user name, an empty password.
  const headers = {
    Authorization: `Basic ${btoa(`${serverKey}:`)}`,
    "Content-Type": "application/json",
    Accept: "application/json",
  };

  return {
    name: "midtrans",
    async createCharge(request: ChargeRequest): Promise<ChargeStarted> {
      if (request.currency !== "IDR") throw providerError("midtrans", "Midtrans charges in IDR only");
      // Midtrans order_id must be unique per transaction, so a retried payment of one order uses the payment id.
      const res = await guarded(() => deps.fetch(urls.snap, {
        method: "POST",
        headers,
        body: JSON.stringify({
          transaction_details: { order_id: request.paymentId, gross_amount: request.amount },
          customer_details: { email: request.email },
          custom_field1: request.orderId,
        }),
      }));
      const body = (await res.json().catch(() => ({}))) as SnapResponse;
      if (!res.ok || !body.token || !body.redirect_url) {
        throw providerError("midtrans", body.error_messages?.join("; ") ?? `Snap answered ${res.status}`);
      }
      return { providerRef: request.paymentId, clientData: { snap_token: body.token, redirect_url: body.redirect_url } };
    },
    /** A notification's signature covers only a few fields, so what it says is confirmed here first. */
    async status(orderId: string): Promise<MidtransStatus> {
      const res = await guarded(() => deps.fetch(`${urls.api}/${encodeURIComponent(orderId)}/status`, { method: "GET", headers }));
      const body = (await res.json().catch(() => null)) as MidtransStatus | null;
      if (!body?.status_code || res.status >= 500) throw providerError("midtrans", `status answered ${res.status}`);
      return body;
    },
    async refund(request: RefundRequest) {
      const res = await guarded(() =>
        deps.fetch(`${urls.api}/${encodeURIComponent(request.providerRef ?? request.paymentId)}/refund`, {
          method: "POST",
          headers,
          body: JSON.stringify({ refund_key: request.key, amount: request.amount, reason: request.reason }),
        }),
      );
      const body = (await res.json().catch(() => ({}))) as RefundResponse;
      // Midtrans reports failures in the body's status_code, often with HTTP 200.
      if (!res.ok || body.status_code !== "200") {
        throw providerError("midtrans", body.status_message ?? `refund answered ${res.status}`);
      }
      return { providerRefundRef: body.refund_key ?? request.key };
    },
  };
}
