/** One order: lines, totals, address, its event history, transitions (tracking number), cancel, refund, invoice. */
import { useState } from "preact/hooks";
import { call, download, shop, type User } from "../api";
import { CANCELLABLE_STATUSES, FULFILMENT_STEPS, ORDER_STATUSES, type OrderStatus } from "../../../src/orders/order-statuses.ts";
import { filled } from "../filled";
import { dateTime, money, statusLabel, statusOptions } from "../format";
import { SelectField } from "../select-field";
import { Table } from "../table";
import { ErrorBox, Page, useAction, useLoad } from "../ui";
import { OrderPayments } from "./order-payments";

export function OrderDetail({ id, user }: { id: string; user: User }) {
  const order = useLoad(() => call(() => shop.GET("/api/v1/admin/orders/{id}", { params: { path: { id } } })), [id]);
  const [to, setTo] = useState<OrderStatus | "">("");
  const [tracking, setTracking] = useState("");
  const [note, setNote] = useState("");
  const [notice, setNotice] = useState("");
  const action = useAction();
  const o = order.data;
  const target = to || (o && FULFILMENT_STEPS[o.status]) || "";

  const transition = (e: Event) => {
    e.preventDefault();
    if (!target) return;
    void action.run(async () => {
      const body = { to: target, ...filled({ tracking_number: tracking, note }) };
      order.setData(await call(() => shop.POST("/api/v1/admin/orders/{id}/transitions", { params: { path: { id } }, body })));
      setTo("");
      setNote("");
      setNotice(`Moved to ${statusLabel(target)}`);
    });
  };
  const cancel = () =>
    action.run(async () => {
      if (!confirm("Cancel this order? Held or sold stock goes back, and a paid order is refunded.")) return;
      await call(() => shop.POST("/api/v1/orders/{id}/cancel", { params: { path: { id } }, body: {} }));
      await order.reload();
      setNotice("Cancelled");
    });
  const invoice = () =>
    action.run(async () => setNotice(`Downloaded ${await download(`/api/v1/orders/${encodeURIComponent(id)}/invoice`, `invoice-${o?.number ?? id}.pdf`)}`));

  return (
    <Page
      title={o ? `Order ${o.number}` : "Order"}
      actions={
        o && (
          <>
            <button onClick={invoice} disabled={action.busy}>
              Download invoice
            </button>
            {CANCELLABLE_STATUSES.includes(o.status) && (
              <button class="danger" onClick={cancel} disabled={action.busy}>
                Cancel order
              </button>
            )}
          </>
        )
      }
    >
      <p>
        <a href="/admin/orders">← Orders</a>
      </p>
      <ErrorBox error={order.error} />
      <ErrorBox error={action.error} />
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {o && (
        <div class="grid two">
          <div>
            <dl class="facts">
              <dt>Status</dt>
              <dd>
                <span class={`badge ${o.status}`} data-testid="order-status">
                  {statusLabel(o.status)}
                </span>
              </dd>
              <dt>Payment</dt>
              <dd>{o.payment_status}</dd>
              <dt>Email</dt>
              <dd>{o.email}</dd>
              <dt>Tracking</dt>
              <dd>{o.tracking_number ?? "—"}</dd>
              <dt>Ship to</dt>
              <dd>
                {o.shipping_address.name}, {o.shipping_address.line1}, {o.shipping_address.city} {o.shipping_address.postal_code} {o.shipping_address.country}
              </dd>
              <dt>Placed</dt>
              <dd>{dateTime(o.created_at)}</dd>
            </dl>
            <Table
              columns={["Item", "SKU", { label: "Qty", num: true }, { label: "Line", num: true }]}
              foot={
                <tr>
                  <th colSpan={3}>Total (shipping {money(o.shipping, o.currency)}, tax {money(o.tax, o.currency)}, discount {money(o.discount, o.currency)})</th>
                  <td class="num">{money(o.total, o.currency)}</td>
                </tr>
              }
            >
              {o.items.map((i) => (
                <tr key={i.id}>
                  <td>
                    {i.name}
                    {(i.size || i.color) && <span class="muted"> ({[i.size, i.color].filter(Boolean).join(", ")})</span>}
                  </td>
                  <td>{i.sku}</td>
                  <td class="num">{i.quantity}</td>
                  <td class="num">{money(i.line_total, o.currency)}</td>
                </tr>
              ))}
            </Table>
          </div>
          <div>
            <form class="card" onSubmit={transition} aria-label="Transition">
              <h2>Move the order</h2>
              <SelectField label="To" placeholder="Choose…" value={target} options={statusOptions(ORDER_STATUSES.filter((s) => s !== o.status))} onChange={setTo} />
              {target === "shipped" && (
                <label>
                  Tracking number
                  <input value={tracking} onInput={(e) => setTracking(e.currentTarget.value)} />
                </label>
              )}
              <label>
                Note
                <input value={note} onInput={(e) => setNote(e.currentTarget.value)} />
              </label>
              <button type="submit" disabled={action.busy || !target}>
                Move to {target ? statusLabel(target) : "…"}
              </button>
            </form>
            {user.role !== "seller" && <OrderPayments orderId={id} onChange={order.reload} />}
            <h2>History</h2>
            <ol class="events">
              {o.events.map((ev) => (
                <li>
                  <strong>{statusLabel(ev.to_status)}</strong>
                  {ev.from_status && <span class="muted"> from {statusLabel(ev.from_status)}</span>} · {ev.actor_role} · {dateTime(ev.created_at)}
                  {ev.note && <div class="muted">{ev.note}</div>}
                </li>
              ))}
            </ol>
          </div>
        </div>
      )}
    </Page>
  );
}
