import { expect } from "vitest";
import { api, json, userWithRole } from "../helpers";

let seq = 0;
/** A short suffix unique within the test file, for slugs, SKUs and names. */
export const uniq = () => `${Date.now().toString(36)}${(++seq).toString(36)}`;

export async function expectStatus(res: Response, status: number) {
  const body = res.status === 204 || res.status === 304 ? null : await json(res);
  expect({ status: res.status, body }).toMatchObject({ status });
  return body as Record<string, any>;
}

export async function createStore(token: string, name = `Toko ${uniq()}`) {
  return expectStatus(await api("/admin/stores", { token, body: { name } }), 201);
}

export async function createCategory(token: string, body: { name: string; slug?: string; parent_id?: string | null }) {
  return expectStatus(await api("/admin/categories", { token, body }), 201);
}

export async function createProduct(token: string, body: Record<string, unknown>) {
  return expectStatus(await api("/admin/products", { token, body: { description: "", ...body } }), 201);
}

export async function createVariant(token: string, productId: string, body: Record<string, unknown>) {
  return expectStatus(await api(`/admin/products/${productId}/variants`, { token, body }), 201);
}

/** A valid 1×1 PNG. */
export const PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="),
  (ch) => ch.charCodeAt(0),
);
export const GIF = new TextEncoder().encode("GIF89a\x01\x00\x01\x00\x00\x00\x00;");

export function imageForm(files: { bytes: Uint8Array; name: string; type?: string }[], altText?: string) {
  const form = new FormData();
  for (const f of files) form.append("files", new File([f.bytes], f.name, { type: f.type ?? "image/png" }));
  if (altText) form.append("alt_text", altText);
  return form;
}

/** An admin, a store with its seller, and a two-level category tree to hang products on. */
export async function catalogWorld() {
  const admin = await userWithRole("admin");
  const store = await createStore(admin.token);
  const otherStore = await createStore(admin.token);
  const seller = await userWithRole("seller", store.id);
  const otherSeller = await userWithRole("seller", otherStore.id);
  const root = await createCategory(admin.token, { name: `Fashion ${uniq()}` });
  const child = await createCategory(admin.token, { name: `Kaos ${uniq()}`, parent_id: root.id });
  return { admin, store, otherStore, seller, otherSeller, root, child };
}
