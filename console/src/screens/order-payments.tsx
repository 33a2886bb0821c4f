/** An order's payments (admin, staff) with a refund in full or in part through the payment's provider. */
import { useState } from "preact/hooks";
import type { components } from "../../../client/index.ts";
import { call, shop } from "../api";
import { dateTime, money } from "../format";
import { ErrorBox, useAction, useLoad } from "../ui";

type Payment = components["schemas"]["AdminPayment"];
const REFUNDABLE: Payment["status"][] = ["succeeded", "partially_refunded"];

export function OrderPayments({ orderId, onChange }: { orderId: string; onChange: () => Promise<void> }) {
  const payments = useLoad(() => call(() => shop.GET("/api/v1/admin/payments", { params: { query: { order_id: orderId, limit: 20 } } })), [orderId]);
  const [amounts, setAmounts] = useState<Record<string, string>>({});
  const action = useAction();
  const refund = (p: Payment) =>
    action.run(async () => {
      const amount = amounts[p.id];
      await call(() => shop.POST("/api/v1/admin/payments/{id}/refund", { params: { path: { id: p.id } }, body: amount ? { amount: Number(amount) } : {} }));
      setAmounts((a) => ({ ...a, [p.id]: "" }));
      await Promise.all([payments.reload(), onChange()]);
    });
  return (
    <section class="card" aria-labelledby="payments-title">
      <h2 id="payments-title">Payments</h2>
      <ErrorBox error={payments.error ?? action.error} />
      {payments.data?.data.length === 0 && <p class="muted">No payment yet.</p>}
      <ul class="exports">
        {(payments.data?.data ?? []).map((p) => (
          <li key={p.id}>
            <span>
              {p.provider} · {money(p.amount, p.currency)} · {dateTime(p.created_at)}
            </span>
            <span class={`badge ${p.status}`}>{p.status}</span>
            {p.refunded_amount > 0 && <span class="muted">refunded {money(p.refunded_amount, p.currency)}</span>}
            {REFUNDABLE.includes(p.status) && (
              <span class="inline-form">
                <label>
                  Amount <span class="muted">(empty: the rest)</span>
                  <input type="number" min={1} max={p.amount - p.refunded_amount} value={amounts[p.id] ?? ""} onInput={(e) => setAmounts({ ...amounts, [p.id]: e.currentTarget.value })} />
                </label>
                <button class="danger" disabled={action.busy} onClick={() => refund(p)}>
                  Refund
                </button>
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
