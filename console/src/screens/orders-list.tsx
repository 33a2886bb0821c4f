/** Orders with filters and search, cursor pages, and a bulk transition over the selected rows. */
import { useEffect, useState } from "preact/hooks";
import type { components } from "../../../client/index.ts";
import { ORDER_STATUSES, type OrderStatus } from "../../../src/orders/order-statuses.ts";
import { call, shop, type User } from "../api";
import { LoadMore, useCursorPages } from "../cursor-pages";
import { filled } from "../filled";
import { FilterForm } from "../filter-form";
import { dateTime, money, plural, statusLabel, statusOptions } from "../format";
import { SelectField } from "../select-field";
import { Table } from "../table";
import { ErrorBox, Page, useAction } from "../ui";

type BulkResult = components["schemas"]["BulkOrderTransitionResult"]["results"][number];
const STATUS_OPTIONS = statusOptions(ORDER_STATUSES);

export function OrdersList({ user }: { user: User }) {
  const [filters, setFilters] = useState({ status: "" as OrderStatus | "", search: "", from: "", to: "" });
  const [draft, setDraft] = useState(filters);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulkTo, setBulkTo] = useState<OrderStatus>("processing");
  const [bulkResults, setBulkResults] = useState<BulkResult[]>([]);
  const bulk = useAction();
  const pages = useCursorPages((page) => call(() => shop.GET("/api/v1/admin/orders", { params: { query: { ...page, ...filled(filters) } } })), [filters]);
  const { first, rows } = pages;
  // A new first page (other filters, or after a bulk move) starts with nothing selected.
  useEffect(() => setSelected(new Set()), [first.data]);

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
      <FilterForm onApply={() => setFilters(draft)}>
        <label>
          Search
          <input type="search" placeholder="Order number or email" value={draft.search} onInput={(e) => setDraft({ ...draft, search: e.currentTarget.value })} />
        </label>
        <SelectField label="Status" anyOption="Any" value={draft.status} options={STATUS_OPTIONS} onChange={(status) => setDraft({ ...draft, status })} />
        <label>
          From
          <input type="date" value={draft.from} onInput={(e) => setDraft({ ...draft, from: e.currentTarget.value })} />
        </label>
        <label>
          To
          <input type="date" value={draft.to} onInput={(e) => setDraft({ ...draft, to: e.currentTarget.value })} />
        </label>
      </FilterForm>
      <ErrorBox error={first.error} />
      <p class="muted" aria-live="polite">
        {first.loading ? "Loading…" : `${plural(first.data?.total ?? rows.length, "order")}${user.role === "seller" ? " holding your store's items" : ""}`}
      </p>
      {selected.size > 0 && (
        <div class="bulk" role="region" aria-label="Bulk transition">
          <span>{selected.size} selected</span>
          <SelectField label="Move to" value={bulkTo} options={STATUS_OPTIONS} onChange={setBulkTo} />
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
      <Table columns={[{ label: "Select", hidden: true }, "Order", "Status", "Payment", "Email", { label: "Total", num: true }, "Placed"]}>
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
      </Table>
      <LoadMore pages={pages} />
    </Page>
  );
}
