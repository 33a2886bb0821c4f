/** Orders with filters and search, cursor pages, and a bulk transition over the selected rows. */
import { useState } from "preact/hooks";
import type { components } from "../../../client/index.ts";
import { ORDER_STATUSES, type OrderStatus } from "../../../src/orders/order-statuses.ts";
import { call, shop, type User } from "../api";
import { dateTime, money, plural, statusLabel } from "../format";
import { ErrorBox, Page, useAction, useLoad } from "../ui";

type Summary = components["schemas"]["OrderSummary"];
type BulkResult = components["schemas"]["BulkOrderTransitionResult"]["results"][number];

export function OrdersList({ user }: { user: User }) {
  const [filters, setFilters] = useState({ status: "", search: "", from: "", to: "" });
  const [draft, setDraft] = useState(filters);
  const [rows, setRows] = useState<Summary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulkTo, setBulkTo] = useState<OrderStatus>("processing");
  const [bulkResults, setBulkResults] = useState<BulkResult[]>([]);
  const bulk = useAction();
  const more = useAction();

  const page = (after?: string) =>
    call(() =>
      shop.GET("/api/v1/admin/orders", {
        params: {
          query: {
            limit: 25,
            include: "total",
            ...(after ? { cursor: after } : {}),
            ...(filters.status ? { status: filters.status as OrderStatus } : {}),
            ...(filters.search ? { search: filters.search } : {}),
            ...(filters.from ? { from: filters.from } : {}),
            ...(filters.to ? { to: filters.to } : {}),
          },
        },
      }),
    );
  const first = useLoad(async () => {
    const result = await page();
    setRows(result.data);
    setCursor(result.next_cursor);
    setSelected(new Set());
    return result;
  }, [filters]);

  const loadMore = () =>
    more.run(async () => {
      if (!cursor) return;
      const result = await page(cursor);
      setRows((r) => [...r, ...result.data]);
      setCursor(result.next_cursor);
    });

  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const runBulk = () =>
    bulk.run(async () => {
      const result = await call(() => shop.POST("/api/v1/admin/orders/bulk-transitions", { body: { order_ids: [...selected], to: bulkTo } }));
      setBulkResults(result.results);
      await first.reload();
    });

  return (
    <Page title="Orders">
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(draft);
        }}
      >
        <label>
          Search
          <input type="search" placeholder="Order number or email" value={draft.search} onInput={(e) => setDraft({ ...draft, search: e.currentTarget.value })} />
        </label>
        <label>
          Status
          <select value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.currentTarget.value })}>
            <option value="">Any</option>
            {ORDER_STATUSES.map((s) => (
              <option value={s}>{statusLabel(s)}</option>
            ))}
          </select>
        </label>
        <label>
          From
          <input type="date" value={draft.from} onInput={(e) => setDraft({ ...draft, from: e.currentTarget.value })} />
        </label>
        <label>
          To
          <input type="date" value={draft.to} onInput={(e) => setDraft({ ...draft, to: e.currentTarget.value })} />
        </label>
        <button type="submit">Apply</button>
      </form>
      <ErrorBox error={first.error} />
      <p class="muted" aria-live="polite">
        {first.loading ? "Loading…" : `${plural(first.data?.total ?? rows.length, "order")}${user.role === "seller" ? " holding your store's items" : ""}`}
      </p>
      {selected.size > 0 && (
        <div class="bulk" role="region" aria-label="Bulk transition">
          <span>{selected.size} selected</span>
          <label>
            Move to
            <select value={bulkTo} onChange={(e) => setBulkTo(e.currentTarget.value as OrderStatus)}>
              {ORDER_STATUSES.map((s) => (
                <option value={s}>{statusLabel(s)}</option>
              ))}
            </select>
          </label>
          <button disabled={bulk.busy} onClick={runBulk}>
            Apply to selected
          </button>
        </div>
      )}
      <ErrorBox error={bulk.error} />
      {bulkResults.length > 0 && (
        <ul class="results" aria-label="Bulk results">
          {bulkResults.map((r) => (
            <li class={r.ok ? "ok" : "bad"}>
              {rows.find((o) => o.id === r.order_id)?.number ?? r.order_id}: {r.ok ? `now ${statusLabel(r.status ?? "")}` : `${r.error?.code}: ${r.error?.message}`}
            </li>
          ))}
        </ul>
      )}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">
                <span class="sr-only">Select</span>
              </th>
              <th scope="col">Order</th>
              <th scope="col">Status</th>
              <th scope="col">Payment</th>
              <th scope="col">Email</th>
              <th scope="col" class="num">
                Total
              </th>
              <th scope="col">Placed</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((o) => (
              <tr key={o.id}>
                <td>
                  <input type="checkbox" aria-label={`Select ${o.number}`} checked={selected.has(o.id)} onChange={() => toggle(o.id)} />
                </td>
                <td>
                  <a href={`/admin/orders/${o.id}`}>{o.number}</a>
                </td>
                <td>
                  <span class={`badge ${o.status}`}>{statusLabel(o.status)}</span>
                </td>
                <td>{o.payment_status}</td>
                <td>{o.email}</td>
                <td class="num">{money(o.total, o.currency)}</td>
                <td>{dateTime(o.created_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ErrorBox error={more.error} />
      {cursor && (
        <button disabled={more.busy} onClick={loadMore}>
          Load more
        </button>
      )}
    </Page>
  );
}
