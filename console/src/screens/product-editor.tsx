/** Create or edit a product: fields, sale window, variants with stock, images by drag and drop. */
import { useEffect, useState } from "preact/hooks";
import type { components } from "../../../client/index.ts";
import { call, shop, type User } from "../api";
import { navigate } from "../router";
import { SelectField } from "../select-field";
import { useStores } from "../stores";
import { ErrorBox, Page, useAction, useLoad } from "../ui";
import { ImageManager } from "./image-manager";
import { VariantsEditor } from "./variants-editor";

type Product = components["schemas"]["AdminProduct"];
type CategoryNode = components["schemas"]["CategoryNode"];

/** The category tree as a select's choices, each indented by its depth. */
const flatten = (nodes: CategoryNode[], depth = 0): { value: string; label: string }[] =>
  nodes.flatMap((n) => [{ value: n.id, label: `${"— ".repeat(depth)}${n.name}` }, ...flatten(n.children, depth + 1)]);

/** datetime-local works in local time without a zone; the API takes ISO instants. */
const toLocalInput = (iso: string | null | undefined) => {
  if (!iso) return "";
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const fromLocalInput = (value: string) => (value ? new Date(value).toISOString() : null);

interface Fields {
  name: string;
  slug: string;
  description: string;
  base_price: string;
  category_id: string;
  store_id: string;
  is_active: boolean;
  available_from: string;
  available_until: string;
}

const fieldsOf = (p?: Product): Fields => ({
  name: p?.name ?? "",
  slug: p?.slug ?? "",
  description: p?.description ?? "",
  base_price: p ? String(p.base_price) : "",
  category_id: p?.category.id ?? "",
  store_id: p?.store.id ?? "",
  is_active: p?.is_active ?? true,
  available_from: toLocalInput(p?.available_from),
  available_until: toLocalInput(p?.available_until),
});

export function ProductEditor({ id, user }: { id?: string; user: User }) {
  const product = useLoad(async () => (id ? call(() => shop.GET("/api/v1/admin/products/{id}", { params: { path: { id } } })) : undefined), [id]);
  const categories = useLoad(async () => {
    const query = user.store_id ? { store: user.store_id } : {};
    const [global, own] = await Promise.all([
      call(() => shop.GET("/api/v1/categories", {})),
      user.store_id ? call(() => shop.GET("/api/v1/categories", { params: { query } })) : Promise.resolve({ data: [] }),
    ]);
    return [...flatten(global.data), ...flatten(own.data)];
  }, [user.store_id]);
  const stores = useStores();
  const [fields, setFields] = useState<Fields>(fieldsOf());
  const [saved, setSaved] = useState("");
  const save = useAction();
  useEffect(() => setFields(fieldsOf(product.data)), [product.data]);

  const set = <K extends keyof Fields>(key: K, value: Fields[K]) => setFields((f) => ({ ...f, [key]: value }));
  const submit = (e: Event) => {
    e.preventDefault();
    void save.run(async () => {
      const body = {
        name: fields.name,
        description: fields.description,
        base_price: Number(fields.base_price),
        category_id: fields.category_id,
        is_active: fields.is_active,
        available_from: fromLocalInput(fields.available_from),
        available_until: fromLocalInput(fields.available_until),
        ...(fields.slug ? { slug: fields.slug } : {}),
        ...(fields.store_id && user.role !== "seller" ? { store_id: fields.store_id } : {}),
      };
      if (id) {
        product.setData(await call(() => shop.PATCH("/api/v1/admin/products/{id}", { params: { path: { id } }, body })));
        setSaved("Saved");
      } else {
        const created = await call(() => shop.POST("/api/v1/admin/products", { body }));
        navigate(`/admin/catalog/${created.id}`, true);
      }
    });
  };

  const p = product.data;
  return (
    <Page title={id ? (p ? `Edit ${p.name}` : "Product") : "New product"}>
      <p>
        <a href="/admin/catalog">← Catalog</a>
      </p>
      <ErrorBox error={product.error ?? categories.error} />
      <form class="card form-grid" onSubmit={submit} aria-label="Product">
        <label>
          Name
          <input required value={fields.name} onInput={(e) => set("name", e.currentTarget.value)} />
        </label>
        <label>
          Slug <span class="muted">(optional)</span>
          <input value={fields.slug} onInput={(e) => set("slug", e.currentTarget.value)} />
        </label>
        <label>
          Base price
          <input required type="number" min={0} step={1} inputMode="numeric" value={fields.base_price} onInput={(e) => set("base_price", e.currentTarget.value)} />
        </label>
        <SelectField label="Category" required placeholder="Choose…" value={fields.category_id} options={categories.data ?? []} onChange={(id) => set("category_id", id)} />
        {user.role !== "seller" && (
          <SelectField
            label="Store"
            required
            placeholder="Choose…"
            value={fields.store_id}
            options={[...stores.values()].map((s) => ({ value: s.id, label: s.name }))}
            onChange={(id) => set("store_id", id)}
          />
        )}
        <label class="check">
          <input type="checkbox" checked={fields.is_active} onChange={(e) => set("is_active", e.currentTarget.checked)} /> Active
        </label>
        <label>
          Available from <span class="muted">(sale start)</span>
          <input type="datetime-local" value={fields.available_from} onInput={(e) => set("available_from", e.currentTarget.value)} />
        </label>
        <label>
          Available until <span class="muted">(sale end)</span>
          <input type="datetime-local" value={fields.available_until} onInput={(e) => set("available_until", e.currentTarget.value)} />
        </label>
        <label class="wide">
          Description
          <textarea rows={4} value={fields.description} onInput={(e) => set("description", e.currentTarget.value)} />
        </label>
        <div class="wide">
          <ErrorBox error={save.error} />
          {saved && !save.error && (
            <p class="notice" role="status">
              {saved}
            </p>
          )}
          <button type="submit" disabled={save.busy}>
            {id ? "Save product" : "Create product"}
          </button>
          {p && <span class={`badge ${p.status}`}>{p.status}</span>}
        </div>
      </form>
      {p && id && (
        <>
          <VariantsEditor productId={id} variants={p.variants} onChange={product.reload} />
          <ImageManager productId={id} images={p.images} onChange={product.reload} />
        </>
      )}
    </Page>
  );
}
