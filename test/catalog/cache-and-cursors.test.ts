import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { api, json } from "../helpers";
import { createCategory, createProduct, createStore, createVariant, expectStatus, uniq, userWithRole } from "../factories";

let admin: { token: string };
let store: Record<string, any>;
let category: Record<string, any>;

const version = () => env.DB.prepare("SELECT version FROM catalog_version WHERE id = 1").first<string>("version");
const names = (body: Record<string, any>): string[] => body.data.map((p: { name: string }) => p.name);

async function read(path: string) {
  const res = await api(path);
  expect(res.status).toBe(200);
  return { cache: res.headers.get("X-Cache"), bookmark: res.headers.get("X-D1-Bookmark"), body: await json(res) };
}

beforeAll(async () => {
  admin = await userWithRole("admin");
  store = await createStore(admin.token);
  category = await createCategory(admin.token, { name: `Sepatu ${uniq()}` });
});

describe("cursor pages over a changing list", () => {
  it("walks the newest-first list without skipping or repeating while products come and go", async () => {
    const tag = `walk${uniq()}`;
    const make = (n: number) =>
      createProduct(admin.token, { name: `Sepatu ${n} ${tag}`, base_price: 10_000 + n, category_id: category.id, store_id: store.id });
    const made: Record<string, any>[] = [];
    for (let n = 0; n < 7; n++) made.push(await make(n));
    const newestFirst = [...made].reverse().map((p) => p.name as string);

    const walked: string[] = [];
    let cursor: string | null = null;
    let round = 0;
    do {
      const page = await read(
        `/products?search=${tag}&ordering=-created_at&limit=2${cursor ? `&cursor=${cursor}` : ""}`,
      );
      walked.push(...names(page.body));
      cursor = page.body.next_cursor;
      // Between pages: a new product arrives (ahead of the cursor) and one not yet reached is taken down.
      round++;
      await make(100 + round);
      if (round === 1) {
        await expectStatus(await api(`/admin/products/${made[1]?.id}`, { method: "DELETE", token: admin.token }), 204);
      }
    } while (cursor);

    expect(walked).toEqual(newestFirst.filter((name) => name !== made[1]?.name));
    expect(new Set(walked).size).toBe(walked.length);
  });

  it("counts only when asked, and pages the category's products (subcategories included) the same way", async () => {
    const child = await createCategory(admin.token, { name: `Sneaker ${uniq()}`, parent_id: category.id });
    const p = await createProduct(admin.token, { name: `Sneaker ${uniq()}`, base_price: 5, category_id: child.id, store_id: store.id });
    const cheapest = await read(`/products?category=${category.slug}&ordering=price&limit=1&include=total`);
    expect(cheapest.body).toMatchObject({ data: [{ id: p.id }], has_more: true, total_capped: false });
    expect(cheapest.body.total).toBeGreaterThan(1);
    expect((await read(`/products?category=${child.slug}`)).body.data.map((x: { id: string }) => x.id)).toEqual([p.id]);

    // Moving the subcategory elsewhere moves its products out of the old parent's pages.
    const other = await createCategory(admin.token, { name: `Lain ${uniq()}` });
    await expectStatus(await api(`/admin/categories/${child.id}`, { method: "PATCH", token: admin.token, body: { parent_id: other.id } }), 200);
    expect((await read(`/products?category=${category.slug}&ordering=price&limit=1`)).body.data[0].id).not.toBe(p.id);
    expect((await read(`/products?category=${other.slug}`)).body.data.map((x: { id: string }) => x.id)).toEqual([p.id]);
  });
});

describe("stock changes and the catalog cache", () => {
  it("keeps the cached entry while the availability shown follows the stock object within seconds", async () => {
    const tag = `stok${uniq()}`;
    const p = await createProduct(admin.token, { name: `Sandal ${tag}`, base_price: 50_000, category_id: category.id, store_id: store.id });
    const v = await createVariant(admin.token, p.id, { sku: `SD-${uniq()}`, size: "42", stock: 3 });
    const listPath = `/products?search=${tag}`;
    const detailPath = `/products/${p.slug}`;

    expect((await read(listPath)).cache).toBe("MISS");
    expect((await read(detailPath)).cache).toBe("MISS");
    const warm = await read(listPath);
    expect(warm).toMatchObject({ cache: "HIT", body: { data: [{ id: p.id, in_stock: true }] } });
    const before = await version();

    await expectStatus(await api(`/admin/variants/${v.id}/stock`, { token: admin.token, body: { set: 0, reason: "sold out" } }), 200);

    await vi.waitFor(
      async () => {
        const detail = await read(detailPath);
        expect(detail).toMatchObject({ cache: "HIT", body: { in_stock: false, variants: [{ id: v.id, available: 0, on_hand: 0 }] } });
        const list = await read(listPath);
        expect(list).toMatchObject({ cache: "HIT", body: { data: [{ id: p.id, in_stock: false }] } });
        const variants = await read(`/products/${p.id}/variants`);
        expect(variants.body.data[0]).toMatchObject({ available: 0, in_stock: false });
      },
      { timeout: 10_000, interval: 250 },
    );
    // The stock object's write to the read model left the catalog version alone.
    expect(await version()).toBe(before);

    // A catalog edit still invalidates at once.
    await expectStatus(await api(`/admin/products/${p.id}`, { method: "PATCH", token: admin.token, body: { base_price: 40_000 } }), 200);
    expect(await version()).not.toBe(before);
    const edited = await read(listPath);
    expect(edited).toMatchObject({ cache: "MISS", body: { data: [{ price: 40_000, in_stock: false }] } });
  });
});

describe("D1 sessions", () => {
  it("returns a bookmark with reads and writes, and accepts it back", async () => {
    const first = await read("/categories");
    expect(first.bookmark).toBeTruthy();
    const write = await api(`/admin/products`, {
      token: admin.token,
      body: { name: `Bookmark ${uniq()}`, base_price: 1, category_id: category.id, store_id: store.id, description: "" },
    });
    expect(write.status).toBe(201);
    const bookmark = write.headers.get("X-D1-Bookmark");
    expect(bookmark).toBeTruthy();
    const created = await json(write);
    const res = await api(`/products/${created.slug}`, { headers: { "X-D1-Bookmark": bookmark ?? "" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("X-D1-Bookmark")).toBeTruthy();
    // A malformed bookmark is ignored rather than failing the read.
    expect((await api("/categories", { headers: { "X-D1-Bookmark": "not a bookmark!" } })).status).toBe(200);
  });
});
