/** A product's variants: add with initial stock (and flash-sale limits), edit SKU/size/colour/price, soft delete and restore. */
import { useState } from "preact/hooks";
import type { components } from "../../../client/index.ts";
import { call, shop } from "../api";
import { filled } from "../filled";
import { money } from "../format";
import { DeletedNotice, useSoftDelete } from "../soft-delete";
import { Table } from "../table";
import { ErrorBox, useAction } from "../ui";

type Variant = components["schemas"]["Variant"] & { deleted_at?: string | null };

const blank = { sku: "", size: "", color: "", price: "", stock: "0", max_per_customer: "", hold_seconds: "" };

export function VariantsEditor({ productId, variants, onChange }: { productId: string; variants: Variant[]; onChange: () => Promise<void> }) {
  const [draft, setDraft] = useState(blank);
  const [editing, setEditing] = useState<string>();
  const [edit, setEdit] = useState(blank);
  const action = useAction();
  const path = { id: productId };

  const add = (e: Event) => {
    e.preventDefault();
    void action.run(async () => {
      const body = {
        sku: draft.sku,
        stock: Number(draft.stock || 0),
        ...filled({ size: draft.size, color: draft.color }),
        ...(draft.price ? { price: Number(draft.price) } : {}),
        ...(draft.max_per_customer ? { max_per_customer: Number(draft.max_per_customer) } : {}),
        ...(draft.hold_seconds ? { hold_seconds: Number(draft.hold_seconds) } : {}),
      };
      await call(() => shop.POST("/api/v1/admin/products/{id}/variants", { params: { path }, body }));
      setDraft(blank);
      await onChange();
    });
  };
  const saveEdit = (v: Variant) =>
    action.run(async () => {
      const body = { sku: edit.sku, size: edit.size || null, color: edit.color || null, price: edit.price ? Number(edit.price) : null };
      await call(() => shop.PATCH("/api/v1/admin/products/{id}/variants/{variant_id}", { params: { path: { ...path, variant_id: v.id } }, body }));
      setEditing(undefined);
      await onChange();
    });
  // A deleted variant leaves the product's list.
  const deletion = useSoftDelete<Variant>(action, {
    remove: (v) => call(() => shop.DELETE("/api/v1/admin/products/{id}/variants/{variant_id}", { params: { path: { ...path, variant_id: v.id } } })),
    restore: (v) => call(() => shop.POST("/api/v1/admin/products/{id}/variants/{variant_id}/restore", { params: { path: { ...path, variant_id: v.id } } })),
    refresh: onChange,
  });
  const { lastDeleted } = deletion;

  return (
    <section class="card" aria-labelledby="variants-title">
      <h2 id="variants-title">Variants</h2>
      <ErrorBox error={action.error} />
      {lastDeleted && <DeletedNotice name={lastDeleted.sku} busy={action.busy} onRestore={() => deletion.restore(lastDeleted)} />}
      <Table
        testId="variants"
        columns={["SKU", "Size", "Colour", { label: "Price", num: true }, { label: "On hand", num: true }, { label: "Available", num: true }, { label: "Actions", hidden: true }]}
      >
        {variants.map((v) =>
          editing === v.id ? (
            <tr key={v.id}>
              <td>
                <input aria-label="SKU" value={edit.sku} onInput={(e) => setEdit({ ...edit, sku: e.currentTarget.value })} />
              </td>
              <td>
                <input aria-label="Size" value={edit.size} onInput={(e) => setEdit({ ...edit, size: e.currentTarget.value })} />
              </td>
              <td>
                <input aria-label="Colour" value={edit.color} onInput={(e) => setEdit({ ...edit, color: e.currentTarget.value })} />
              </td>
              <td>
                <input aria-label="Price override" type="number" min={0} value={edit.price} onInput={(e) => setEdit({ ...edit, price: e.currentTarget.value })} />
              </td>
              <td class="num">{v.on_hand}</td>
              <td class="num">{v.available}</td>
              <td>
                <button disabled={action.busy} onClick={() => saveEdit(v)}>
                  Save
                </button>
                <button class="link" onClick={() => setEditing(undefined)}>
                  Cancel
                </button>
              </td>
            </tr>
          ) : (
            <tr key={v.id}>
              <td>{v.sku}</td>
              <td>{v.size ?? "—"}</td>
              <td>{v.color ?? "—"}</td>
              <td class="num">{money(v.effective_price, v.currency)}</td>
              <td class="num">{v.on_hand}</td>
              <td class="num">{v.available}</td>
              <td>
                <button
                  class="link"
                  onClick={() => {
                    setEditing(v.id);
                    setEdit({ ...blank, sku: v.sku, size: v.size ?? "", color: v.color ?? "", price: v.price === null ? "" : String(v.price) });
                  }}
                >
                  Edit
                </button>
                <button class="link danger" disabled={action.busy} onClick={() => deletion.remove(v)} aria-label={`Delete ${v.sku}`}>
                  Delete
                </button>
              </td>
            </tr>
          ),
        )}
      </Table>
      <form class="inline-form" onSubmit={add} aria-label="Add a variant">
        <label>
          SKU
          <input required value={draft.sku} onInput={(e) => setDraft({ ...draft, sku: e.currentTarget.value })} />
        </label>
        <label>
          Size
          <input value={draft.size} onInput={(e) => setDraft({ ...draft, size: e.currentTarget.value })} />
        </label>
        <label>
          Colour
          <input value={draft.color} onInput={(e) => setDraft({ ...draft, color: e.currentTarget.value })} />
        </label>
        <label>
          Price override
          <input type="number" min={0} value={draft.price} onInput={(e) => setDraft({ ...draft, price: e.currentTarget.value })} />
        </label>
        <label>
          Initial stock
          <input type="number" min={0} value={draft.stock} onInput={(e) => setDraft({ ...draft, stock: e.currentTarget.value })} />
        </label>
        <label>
          Limit per buyer <span class="muted">(flash sale)</span>
          <input type="number" min={1} value={draft.max_per_customer} onInput={(e) => setDraft({ ...draft, max_per_customer: e.currentTarget.value })} />
        </label>
        <label>
          Hold seconds <span class="muted">(60–3600)</span>
          <input type="number" min={60} max={3600} value={draft.hold_seconds} onInput={(e) => setDraft({ ...draft, hold_seconds: e.currentTarget.value })} />
        </label>
        <button type="submit" disabled={action.busy}>
          Add variant
        </button>
      </form>
    </section>
  );
}
