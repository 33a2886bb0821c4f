/** Products of every status (a seller's own store only, as the API scopes it), with soft delete and restore. */
import { useState } from "preact/hooks";
import type { components } from "../../../client/index.ts";
import { call, shop, type User } from "../api";
import { LoadMore, useCursorPages } from "../cursor-pages";
import { filled } from "../filled";
import { FilterForm } from "../filter-form";
import { dateTime, money, plural } from "../format";
import { SelectField } from "../select-field";
import { DeletedNotice, useSoftDelete } from "../soft-delete";
import { useStores } from "../stores";
import { Table } from "../table";
import { ErrorBox, Page, useAction } from "../ui";

type Item = components["schemas"]["AdminProductListItem"];
type Status = Item["status"];
const STATUSES: Status[] = ["active", "inactive", "deleted"];

export function CatalogList({ user }: { user: User }) {
  const [search, setSearch] = useState("");
  const [status, setStatus] = useState<Status | "">("");
  const [query, setQuery] = useState({ search: "", status: "" as Status | "" });
  const stores = useStores();
  const action = useAction();
  const pages = useCursorPages((page) => call(() => shop.GET("/api/v1/admin/products", { params: { query: { ...page, ...filled(query) } } })), [query]);
  // A deleted product leaves the default list: the API lists deleted ones only under status=deleted.
  const deletion = useSoftDelete<Item>(action, {
    remove: (p) => call(() => shop.DELETE("/api/v1/admin/products/{id}", { params: { path: { id: p.id } } })),
    restore: (p) => call(() => shop.POST("/api/v1/admin/products/{id}/restore", { params: { path: { id: p.id } } })),
    refresh: pages.first.reload,
  });
  const { lastDeleted } = deletion;

  return (
    <Page
      title="Catalog"
      actions={
        <a class="button" href="/admin/catalog/new">
          New product
        </a>
      }
    >
      <FilterForm onApply={() => setQuery({ search, status })}>
        <label>
          Search
          <input type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
        </label>
        <SelectField label="Status" anyOption="Any" value={status} options={STATUSES} onChange={setStatus} />
      </FilterForm>
      <ErrorBox error={pages.first.error} />
      <ErrorBox error={action.error} />
      {lastDeleted && (
        <DeletedNotice name={lastDeleted.name} note=" (hidden from the shop; listed under status deleted)" busy={action.busy} onRestore={() => deletion.restore(lastDeleted)} />
      )}
      <p class="muted" aria-live="polite">
        {pages.first.loading ? "Loading…" : `${plural(pages.first.data?.total ?? pages.rows.length, "product")}${user.role === "seller" ? " in your store" : ""}`}
      </p>
      <Table testId="products" columns={["Product", "Store", "Status", { label: "Price", num: true }, "Updated", { label: "Actions", hidden: true }]}>
        {pages.rows.map((p) => (
          <tr key={p.id} data-store={p.store_id}>
            <td>
              <a href={`/admin/catalog/${p.id}`}>{p.name}</a>
            </td>
            <td>{stores.get(p.store_id)?.name ?? p.store_id}</td>
            <td>
              <span class={`badge ${p.status}`}>{p.status}</span>
            </td>
            <td class="num">{money(p.price, p.currency)}</td>
            <td>{dateTime(p.updated_at)}</td>
            <td>
              {p.status === "deleted" ? (
                <button disabled={action.busy} onClick={() => deletion.restore(p)}>
                  Restore
                </button>
              ) : (
                <button class="danger" disabled={action.busy} onClick={() => deletion.remove(p)} aria-label={`Delete ${p.name}`}>
                  Delete
                </button>
              )}
            </td>
          </tr>
        ))}
      </Table>
      <LoadMore pages={pages} />
    </Page>
  );
}
