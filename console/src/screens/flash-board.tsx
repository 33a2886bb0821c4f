/**
 * The flash-sale board: watch chosen variants live (polling the API every 2 s): on hand, held, available;
 * orders per minute and paid vs held since the sale started; start and stop the sale window (the product's
 * available_from / available_until); the low-stock list with units to add, and a restock button.
 * Watched variants live in the URL (?watch=product:variant,...), so a board can be bookmarked.
 */
import { useEffect, useState } from "preact/hooks";
import type { components } from "../../../client/index.ts";
import { call, shop, type User } from "../api";
import { filled } from "../filled";
import { FilterForm } from "../filter-form";
import { dateTime } from "../format";
import { navigate } from "../router";
import { Table } from "../table";
import { ErrorBox, Page, useAction, useLoad } from "../ui";

type Product = components["schemas"]["AdminProduct"];
type InventoryRow = components["schemas"]["InventoryRow"];
const POLL_MS = 2000;

const parseWatch = (value: string | null) =>
  (value ?? "")
    .split(",")
    .filter(Boolean)
    .map((pair) => {
      const [product = "", variant = ""] = pair.split(":");
      return { product, variant };
    });

/** Orders placed since `from`, optionally in one status: the API's own count (include=total). */
const countOrders = (from: string, status?: "pending_payment" | "paid") =>
  call(() => shop.GET("/api/v1/admin/orders", { params: { query: { from, include: "total", limit: 1, ...filled({ status }) } } })).then((r) => r.total ?? 0);

function useNow(ms: number) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

export function FlashBoard({ user }: { user: User }) {
  const watch = parseWatch(new URL(location.href).searchParams.get("watch"));
  const productIds = [...new Set(watch.map((w) => w.product))];
  const tick = useNow(POLL_MS);
  const [products, setProducts] = useState<Product[]>([]);
  const [counts, setCounts] = useState<{ perMinute: number; paid: number; held: number; since: string }>();
  const [pollError, setPollError] = useState<unknown>();
  const [updated, setUpdated] = useState<Date>();

  useEffect(() => {
    let live = true;
    (async () => {
      const loaded = await Promise.all(productIds.map((id) => call(() => shop.GET("/api/v1/admin/products/{id}", { params: { path: { id } } }))));
      // Paid vs held since the earliest watched sale started (else the last hour).
      const starts = loaded.map((p) => p.available_from).filter((s): s is string => !!s && Date.parse(s) <= Date.now());
      const since = starts.sort()[0] ?? new Date(Date.now() - 3_600_000).toISOString();
      const [perMinute, paid, held] = await Promise.all([countOrders(new Date(Date.now() - 60_000).toISOString()), countOrders(since, "paid"), countOrders(since, "pending_payment")]);
      if (!live) return;
      setProducts(loaded);
      setCounts({ perMinute, paid, held, since });
      setUpdated(new Date());
      setPollError(undefined);
    })().catch((e: unknown) => live && setPollError(e));
    return () => {
      live = false;
    };
  }, [tick, productIds.join()]);

  const setWatch = (next: { product: string; variant: string }[]) => {
    const url = new URL(location.href);
    if (next.length) url.searchParams.set("watch", next.map((w) => `${w.product}:${w.variant}`).join(","));
    else url.searchParams.delete("watch");
    navigate(url.pathname + url.search, true);
  };
  const watched = (row: InventoryRow) => watch.some((w) => w.variant === row.variant_id);
  const toggle = (row: InventoryRow) =>
    setWatch(watched(row) ? watch.filter((w) => w.variant !== row.variant_id) : [...watch, { product: row.product_id, variant: row.variant_id }]);

  return (
    <Page title="Flash sale">
      <ErrorBox error={pollError} />
      <div class="stats" aria-live="polite">
        <div class="stat">
          <span class="label">Orders / minute</span>
          <span class="value" data-testid="orders-per-minute">
            {counts?.perMinute ?? "…"}
          </span>
        </div>
        <div class="stat">
          <span class="label">Paid</span>
          <span class="value" data-testid="paid">
            {counts?.paid ?? "…"}
          </span>
        </div>
        <div class="stat">
          <span class="label">Held (unpaid)</span>
          <span class="value" data-testid="held">
            {counts?.held ?? "…"}
          </span>
        </div>
        <p class="muted">
          {counts && <>Orders since {dateTime(counts.since)}{user.role === "seller" ? " holding your store's items" : ""}. </>}
          {updated && <>Updated {updated.toLocaleTimeString()}.</>}
        </p>
      </div>
      {products.map((p) => (
        <ProductBoard key={p.id} product={p} variants={watch.filter((w) => w.product === p.id).map((w) => w.variant)} />
      ))}
      {watch.length === 0 && <p class="muted">Pick variants to watch below.</p>}
      <VariantPicker watched={watched} toggle={toggle} />
      <LowStock />
    </Page>
  );
}

function ProductBoard({ product, variants }: { product: Product; variants: string[] }) {
  const [minutes, setMinutes] = useState("15");
  const action = useAction();
  const now = Date.now();
  const from = product.available_from ? Date.parse(product.available_from) : undefined;
  const until = product.available_until ? Date.parse(product.available_until) : undefined;
  const live = (from === undefined || from <= now) && (until === undefined || until > now) && product.status === "active";
  const setWindow = (body: { available_from?: string | null; available_until?: string | null }) =>
    action.run(() => call(() => shop.PATCH("/api/v1/admin/products/{id}", { params: { path: { id: product.id } }, body })));

  return (
    <section class="card" aria-label={`Sale board for ${product.name}`}>
      <header class="page-head">
        <h2>{product.name}</h2>
        <span class={`badge ${live ? "active" : "inactive"}`} data-testid="sale-state">
          {live ? "on sale" : "not on sale"}
        </span>
      </header>
      <p class="muted">
        Window: {product.available_from ? dateTime(product.available_from) : "open"} → {product.available_until ? dateTime(product.available_until) : "open"}
      </p>
      <div class="inline-form">
        <label>
          Minutes
          <input type="number" min={1} value={minutes} onInput={(e) => setMinutes(e.currentTarget.value)} />
        </label>
        <button
          disabled={action.busy}
          onClick={() => setWindow({ available_from: new Date().toISOString(), available_until: new Date(Date.now() + Number(minutes) * 60_000).toISOString() })}
        >
          Start sale now
        </button>
        <button class="danger" disabled={action.busy} onClick={() => setWindow({ available_until: new Date().toISOString() })}>
          Stop sale now
        </button>
      </div>
      <ErrorBox error={action.error} />
      <Table testId="board" columns={["SKU", { label: "On hand", num: true }, { label: "Held", num: true }, { label: "Available", num: true }, "Limit"]}>
        {product.variants
          .filter((v) => variants.includes(v.id))
          .map((v) => (
            <tr key={v.id} data-sku={v.sku}>
              <td>{v.sku}</td>
              <td class="num">{v.on_hand}</td>
              <td class="num">{v.reserved}</td>
              <td class={`num big${v.available === 0 ? " sold-out" : ""}`} data-testid="available">
                {v.available}
              </td>
              <td>{v.max_per_customer ? `${v.max_per_customer} per buyer` : "—"}</td>
            </tr>
          ))}
      </Table>
    </section>
  );
}

function VariantPicker({ watched, toggle }: { watched: (row: InventoryRow) => boolean; toggle: (row: InventoryRow) => void }) {
  const [search, setSearch] = useState("");
  const [query, setQuery] = useState("");
  const rows = useLoad(() => call(() => shop.GET("/api/v1/admin/inventory", { params: { query: { limit: 20, ...filled({ search: query }) } } })), [query]);
  return (
    <section class="card" aria-labelledby="picker-title">
      <h2 id="picker-title">Variants to watch</h2>
      <FilterForm inline submit="Search" onApply={() => setQuery(search)}>
        <label>
          Search SKU or product
          <input type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
        </label>
      </FilterForm>
      <ErrorBox error={rows.error} />
      <ul class="picker">
        {(rows.data?.data ?? []).map((r) => (
          <li key={r.variant_id}>
            <label class="check">
              <input type="checkbox" checked={watched(r)} onChange={() => toggle(r)} /> {r.product_name} · {r.sku} <span class="muted">({r.available} available)</span>
            </label>
          </li>
        ))}
      </ul>
    </section>
  );
}

function LowStock() {
  const [threshold, setThreshold] = useState("10");
  const list = useLoad(() => call(() => shop.GET("/api/v1/admin/inventory/low-stock", { params: { query: { limit: 20, threshold: Number(threshold) || 0 } } })), [threshold]);
  const action = useAction();
  const restock = (variantId: string, units: number) =>
    action.run(async () => {
      await call(() => shop.POST("/api/v1/admin/variants/{id}/stock", { params: { path: { id: variantId } }, body: { delta: units, reason: "restock from the flash-sale board" } }));
      await list.reload();
    });
  return (
    <section class="card" aria-labelledby="low-title">
      <h2 id="low-title">Low stock</h2>
      <label class="inline">
        Below
        <input type="number" min={0} value={threshold} onChange={(e) => setThreshold(e.currentTarget.value)} />
        available
      </label>
      <ErrorBox error={list.error ?? action.error} />
      <Table columns={["Product", "SKU", { label: "Available", num: true }, { label: "Units to add", num: true }, { label: "Restock", hidden: true }]}>
        {(list.data?.data ?? []).map((r) => (
          <tr key={r.variant_id}>
            <td>{r.product_name}</td>
            <td>{r.sku}</td>
            <td class="num">{r.available}</td>
            <td class="num">{r.units_to_add}</td>
            <td>
              <button disabled={action.busy || r.units_to_add <= 0} onClick={() => restock(r.variant_id, r.units_to_add)}>
                Add {r.units_to_add}
              </button>
            </td>
          </tr>
        ))}
      </Table>
    </section>
  );
}
