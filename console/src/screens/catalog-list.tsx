/** Products of every status (a seller's own store only, as the API scopes it), with soft delete and restore. */
import { useState } from "preact/hooks";
import type { components } from "../../../client/index.ts";
import { call, shop, type User } from "../api";
import { dateTime, money, plural } from "../format";
import { useStores } from "../stores";
import { ErrorBox, Page, useAction, useLoad } from "../ui";

type Item = components["schemas"]["AdminProductListItem"];
type Status = Item["status"];

export function CatalogList({ user }: { user: User }) {
  const [search, setSearch] = useState("");
  const [status, setStatus] = useState<Status | "">("");
  const [query, setQuery] = useState({ search: "", status: "" as Status | "" });
  const [rows, setRows] = useState<Item[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const stores = useStores();
  const action = useAction();

  const page = (after?: string) =>
    call(() =>
      shop.GET("/api/v1/admin/products", {
        params: {
          query: {
            limit: 25,
            include: "total",
            ...(after ? { cursor: after } : {}),
            ...(query.search ? { search: query.search } : {}),
            ...(query.status ? { status: query.status } : {}),
          },
        },
      }),
    );
  const list = useLoad(async () => {
    const result = await page();
    setRows(result.data);
    setCursor(result.next_cursor);
    return result;
  }, [query]);

  // A deleted product leaves the default list (the API lists deleted ones only under status=deleted),
  // so the notice offers to restore it at once.
  const [lastDeleted, setLastDeleted] = useState<Item>();
  const softDelete = (p: Item) =>
    action.run(async () => {
      await call(() => shop.DELETE("/api/v1/admin/products/{id}", { params: { path: { id: p.id } } }));
      setLastDeleted(p);
      await list.reload();
    });
  const restore = (p: Item) =>
    action.run(async () => {
      await call(() => shop.POST("/api/v1/admin/products/{id}/restore", { params: { path: { id: p.id } } }));
      setLastDeleted(undefined);
      await list.reload();
    });

  return (
    <Page
      title="Catalog"
      actions={
        <a class="button" href="/admin/catalog/new">
          New product
        </a>
      }
    >
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery({ search, status });
        }}
      >
        <label>
          Search
          <input type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
        </label>
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.currentTarget.value as Status | "")}>
            <option value="">Any</option>
            <option value="active">active</option>
            <option value="inactive">inactive</option>
            <option value="deleted">deleted</option>
          </select>
        </label>
        <button type="submit">Apply</button>
      </form>
      <ErrorBox error={list.error} />
      <ErrorBox error={action.error} />
      {lastDeleted && (
        <p class="notice" role="status">
          Deleted {lastDeleted.name} (hidden from the shop; listed under status deleted).{" "}
          <button class="link" disabled={action.busy} onClick={() => restore(lastDeleted)}>
            Restore {lastDeleted.name}
          </button>
        </p>
      )}
      <p class="muted" aria-live="polite">
        {list.loading ? "Loading…" : `${plural(list.data?.total ?? rows.length, "product")}${user.role === "seller" ? " in your store" : ""}`}
      </p>
      <div class="table-wrap">
        <table data-testid="products">
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">Store</th>
              <th scope="col">Status</th>
              <th scope="col" class="num">
                Price
              </th>
              <th scope="col">Updated</th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
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
                    <button disabled={action.busy} onClick={() => restore(p)}>
                      Restore
                    </button>
                  ) : (
                    <button class="danger" disabled={action.busy} onClick={() => softDelete(p)} aria-label={`Delete ${p.name}`}>
                      Delete
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {cursor && (
        <button
          disabled={action.busy}
          onClick={() =>
            action.run(async () => {
              const result = await page(cursor);
              setRows((r) => [...r, ...result.data]);
              setCursor(result.next_cursor);
            })
          }
        >
          Load more
        </button>
      )}
    </Page>
  );
}
