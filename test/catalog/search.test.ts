import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { productListQuery } from "../../src/catalog/search";
import { encodeCursor } from "../../src/lib/cursor";
import { productListQuery as listQuerySchema } from "../../src/catalog/product-schemas";
import { api, expectError, json } from "../helpers";
import { PNG, imageForm } from "./fixtures";
import { createCategory, createProduct, createStore, createVariant, expectStatus, uniq, userWithRole } from "../factories";

/** A small shop: two stores, a category tree three levels deep, products with variants. */
let admin: { token: string };
let tree: { fashion: any; kaos: any; kaosAnak: any; dapur: any };
let stores: { batik: any; kopi: any };
let tag: string; // a word only this file's products carry, so other data never leaks into assertions

const names = (body: any) => body.data.map((p: { name: string }) => p.name);
const list = async (query: string) => expectStatus(await api(`/products?${query}`), 200);

beforeAll(async () => {
  admin = await userWithRole("admin");
  tag = `zq${uniq()}`;
  stores = { batik: await createStore(admin.token, `Batik ${uniq()}`), kopi: await createStore(admin.token, `Kopi ${uniq()}`) };
  const fashion = await createCategory(admin.token, { name: `Fashion ${uniq()}` });
  const kaos = await createCategory(admin.token, { name: `Kaos ${uniq()}`, parent_id: fashion.id });
  const kaosAnak = await createCategory(admin.token, { name: `Kaos Anak ${uniq()}`, parent_id: kaos.id });
  const dapur = await createCategory(admin.token, { name: `Dapur ${uniq()}` });
  tree = { fashion, kaos, kaosAnak, dapur };

  const make = async (name: string, description: string, price: number, category: string, store: string, variants: object[]) => {
    const p = await createProduct(admin.token, { name: `${name} ${tag}`, description, base_price: price, category_id: category, store_id: store });
    for (const v of variants) await createVariant(admin.token, p.id, { sku: `S-${uniq()}`, ...v });
    return p;
  };
  await make("Kaos Polos Hitam", "Katun combed", 80_000, kaos.id, stores.batik.id, [{ size: "M", color: "Hitam", stock: 5 }, { size: "XL", color: "Hitam", stock: 0 }]);
  await make("Kaos Anak Dino", "Kaos lucu untuk anak", 60_000, kaosAnak.id, stores.batik.id, [{ size: "S", color: "Hijau", stock: 2 }]);
  await make("Kemeja Batik Parang", "Bahan katun halus, cocok dipadu kaos dalam", 250_000, fashion.id, stores.batik.id, [{ size: "L", color: "Coklat", stock: 1, price: 275_000 }, { size: "XL", color: "Coklat", stock: 1 }]);
  await make("Kopi Arabika Gayo", "Biji kopi sangrai medium", 120_000, dapur.id, stores.kopi.id, [{ size: "250g", stock: 0 }]);
  await make("Panci Kopi Vietnam", "Drip kopi stainless", 45_000, dapur.id, stores.kopi.id, [{ color: "Silver", stock: 9 }]);
});

describe("product search and filters", () => {
  it("finds products by words, ranking name matches above description matches (bm25)", async () => {
    const kaos = await list(`search=kaos+${tag}`);
    // "Kemeja Batik Parang" mentions kaos only in its description, so it ranks last.
    expect(names(kaos).slice(-1)).toEqual([`Kemeja Batik Parang ${tag}`]);
    expect(names(kaos).slice(0, 2).sort()).toEqual([`Kaos Anak Dino ${tag}`, `Kaos Polos Hitam ${tag}`]);
    expect(kaos).toMatchObject({ has_more: false, next_cursor: null });
    expect(kaos.total).toBeUndefined();
    expect(await list(`search=kaos+${tag}&include=total`)).toMatchObject({ total: 3, total_capped: false });

    const kopi = await list(`search=${tag}+kopi`);
    expect(names(kopi).sort()).toEqual([`Kopi Arabika Gayo ${tag}`, `Panci Kopi Vietnam ${tag}`]);
    // Prefixes match, diacritics fold, FTS syntax in user text is inert.
    expect(names(await list(`search=${tag}+arab`))).toEqual([`Kopi Arabika Gayo ${tag}`]);
    expect(names(await list(`search=${tag}+GÁYO`))).toEqual([`Kopi Arabika Gayo ${tag}`]);
    expect((await list(`search=${encodeURIComponent(`"${tag} NEAR( OR`)}`)).data).toEqual([]);
  });

  it("filters by category including every subcategory, by slug or id", async () => {
    const all = [`Kaos Anak Dino ${tag}`, `Kaos Polos Hitam ${tag}`, `Kemeja Batik Parang ${tag}`];
    expect(names(await list(`category=${tree.fashion.slug}&ordering=price`)).sort()).toEqual(all.sort());
    expect(names(await list(`category=${tree.fashion.id}`))).toHaveLength(3);
    expect(names(await list(`category=${tree.kaos.slug}&ordering=price`))).toEqual([`Kaos Anak Dino ${tag}`, `Kaos Polos Hitam ${tag}`]);
    expect(names(await list(`category=${tree.kaosAnak.slug}`))).toEqual([`Kaos Anak Dino ${tag}`]);
    expect((await list("category=no-such-category")).data).toEqual([]);
  });

  it("filters by store, price range, size, colour and stock", async () => {
    expect(names(await list(`store=${stores.kopi.slug}&ordering=price`))).toEqual([`Panci Kopi Vietnam ${tag}`, `Kopi Arabika Gayo ${tag}`]);
    expect(names(await list(`store=${stores.kopi.id}`))).toHaveLength(2);
    expect(names(await list(`search=${tag}&min_price=60000&max_price=120000&ordering=price`))).toEqual([
      `Kaos Anak Dino ${tag}`,
      `Kaos Polos Hitam ${tag}`,
      `Kopi Arabika Gayo ${tag}`,
    ]);
    expect(names(await list(`search=${tag}&size=xl&ordering=price`))).toEqual([`Kaos Polos Hitam ${tag}`, `Kemeja Batik Parang ${tag}`]);
    // Size and stock hold for one variant together: the black XL tee has none left.
    expect(names(await list(`search=${tag}&size=XL&in_stock=true&ordering=price`))).toEqual([`Kemeja Batik Parang ${tag}`]);
    expect(names(await list(`search=${tag}&color=hitam`))).toEqual([`Kaos Polos Hitam ${tag}`]);
    expect(names(await list(`search=${tag}&in_stock=false`))).toEqual([`Kopi Arabika Gayo ${tag}`]);
    expect(names(await list(`search=${tag}&in_stock=true`))).toHaveLength(4);
  });

  it("orders by price both ways and by newest, and paginates", async () => {
    const asc = names(await list(`search=${tag}&ordering=price`));
    expect(asc).toEqual([
      `Panci Kopi Vietnam ${tag}`,
      `Kaos Anak Dino ${tag}`,
      `Kaos Polos Hitam ${tag}`,
      `Kopi Arabika Gayo ${tag}`,
      `Kemeja Batik Parang ${tag}`,
    ]);
    expect(names(await list(`search=${tag}&ordering=-price`))).toEqual([...asc].reverse());
    const newest = names(await list(`search=${tag}&ordering=-created_at`));
    expect(newest[0]).toBe(`Panci Kopi Vietnam ${tag}`);
    expect(newest.at(-1)).toBe(`Kaos Polos Hitam ${tag}`);
    const page1 = await list(`search=${tag}&ordering=price&limit=2`);
    expect(page1).toMatchObject({ has_more: true });
    const page2 = await list(`search=${tag}&ordering=price&limit=2&cursor=${page1.next_cursor}`);
    expect(names(page2)).toEqual(asc.slice(2, 4));
    const page3 = await list(`search=${tag}&ordering=price&limit=2&cursor=${page2.next_cursor}&include=total`);
    expect(page3).toMatchObject({ has_more: false, next_cursor: null, total: 5, total_capped: false });
    expect(names(page3)).toEqual(asc.slice(4));
  });

  it("walks every ordering and driver by cursor, each item once", async () => {
    for (const base of [`search=${tag}`, `category=${tree.fashion.slug}`, `store=${stores.batik.slug}`, `category=${tree.fashion.id}&min_price=70000`]) {
      for (const ordering of ["-created_at", "price", "-price"]) {
        const all = names(await list(`${base}&ordering=${ordering}`));
        const walked: string[] = [];
        let cursor = "";
        do {
          const page = await list(`${base}&ordering=${ordering}&limit=1${cursor ? `&cursor=${cursor}` : ""}`);
          walked.push(...names(page));
          cursor = page.next_cursor ?? "";
        } while (cursor);
        expect({ base, ordering, walked }).toEqual({ base, ordering, walked: all });
      }
    }
  });

  it("rejects bad list parameters with 400", async () => {
    for (const q of ["min_price=-1", "min_price=10&max_price=5", "ordering=name", "limit=101", "limit=0", "in_stock=yes", "max_price=abc", "include=count"]) {
      await expectError(await api(`/products?${q}`), 400, "validation_error");
    }
    // A cursor is only good for the ordering it was made in.
    const { next_cursor } = await list(`search=${tag}&ordering=price&limit=1`);
    for (const cursor of ["not-a-cursor", next_cursor.slice(0, -2), btoa('["price","x","y"]')]) {
      const error = await expectError(await api(`/products?search=${tag}&ordering=price&cursor=${cursor}`), 400, "validation_error");
      expect(error.details.fields[0]).toMatchObject({ field: "cursor", code: "invalid_cursor" });
    }
    await expectError(await api(`/products?search=${tag}&ordering=-price&cursor=${next_cursor}`), 400, "validation_error");
  });

  it("completes the journey: create → variants → images → find → read by slug → fetch the image", async () => {
    const word = `songket${uniq()}`;
    const p = await createProduct(admin.token, {
      name: `Kain Songket ${word}`,
      description: "Tenun Palembang",
      base_price: 900_000,
      category_id: tree.kaosAnak.id,
      store_id: stores.batik.id,
    });
    const v = await createVariant(admin.token, p.id, { sku: `SG-${uniq()}`, size: "2m", color: "Merah", stock: 4, price: 950_000 });
    const up = await expectStatus(await api(`/admin/products/${p.id}/images`, { token: admin.token, body: imageForm([{ bytes: PNG, name: "kain.png" }]) }), 201);

    const found = await list(`search=${word}`);
    expect(found.data).toHaveLength(1);
    expect(found.data[0]).toMatchObject({ slug: p.slug, price: 950_000, in_stock: true, primary_image: { url: up.data[0].url } });
    expect(names(await list(`category=${tree.fashion.slug}&color=merah&min_price=900000`))).toEqual([`Kain Songket ${word}`]);

    const detail = await expectStatus(await api(`/products/${p.slug}`), 200);
    expect(detail).toMatchObject({
      id: p.id,
      store: { id: stores.batik.id, slug: stores.batik.slug },
      category: { id: tree.kaosAnak.id },
      variants: [{ id: v.id, effective_price: 950_000, available: 4, in_stock: true }],
      images: [{ url: `/api/v1/media/${up.data[0].key}`, is_primary: true }],
    });
    const bytes = await api(detail.images[0].url);
    expect(new Uint8Array(await bytes.arrayBuffer())).toEqual(PNG);
  });
});

describe("edge cache", () => {
  it("serves a repeat read from the cache and a write makes the next read fresh", async () => {
    const first = await api(`/products?search=${tag}&ordering=price`);
    await first.arrayBuffer();
    const second = await api(`/products?ordering=price&search=${tag}`); // same query, other order
    expect(second.headers.get("X-Cache")).toBe("HIT");
    expect(second.headers.get("Cache-Control")).toContain("no-cache");
    const cheapest = (await json(second)).data[0];

    await expectStatus(
      await api(`/admin/products/${cheapest.id}`, { method: "PATCH", token: admin.token, body: { name: `Panci Kopi Murah ${tag}` } }),
      200,
    );
    const third = await api(`/products?search=${tag}&ordering=price`);
    expect(third.headers.get("X-Cache")).toBe("MISS");
    expect((await json(third)).data[0].name).toBe(`Panci Kopi Murah ${tag}`);

    const slug = cheapest.slug;
    await (await api(`/products/${slug}`)).arrayBuffer();
    expect((await api(`/products/${slug}`)).headers.get("X-Cache")).toBe("HIT");
    const variants = (await json(await api(`/products/${cheapest.id}/variants`))).data;
    await expectStatus(
      await api(`/admin/products/${cheapest.id}/variants/${variants[0].id}`, { method: "PATCH", token: admin.token, body: { price: 1_000 } }),
      200,
    );
    const fresh = await api(`/products/${slug}`);
    expect(fresh.headers.get("X-Cache")).toBe("MISS");
    expect((await json(fresh)).price).toBe(1_000);
  });

  it("never caches errors", async () => {
    await expectError(await api("/products/not-there-yet"), 404, "not_found");
    const again = await api("/products/not-there-yet");
    expect(again.headers.get("X-Cache")).toBeNull();
    await again.arrayBuffer();
  });
});

describe("query plans", () => {
  const plan = async (query: string) => {
    const q = listQuerySchema.parse(Object.fromEntries(new URLSearchParams(query)));
    const { list, count, ordering } = productListQuery(q);
    // The same statement with a cursor, as every page after the first runs it.
    const paged = productListQuery({ ...q, cursor: encodeCursor(ordering, [1_000, "m"]) }).list;
    const explain = async (sql: string, params: (string | number)[]) =>
      (await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<{ detail: string }>()).results.map((r) => r.detail);
    return { first: await explain(list.sql, list.params), next: await explain(paged.sql, paged.params), count: await explain(count.sql, count.params) };
  };

  // Each list and ordering, and the index that must serve it: read in order from the cursor on, never sorted.
  it.each([
    ["", /^SEARCH p USING INDEX products_live_created_idx \(is_active=\? AND deleted_at=\?/],
    ["ordering=price", /^SEARCH p USING INDEX products_live_price_idx \(is_active=\? AND deleted_at=\?/],
    ["ordering=-price", /^SEARCH p USING INDEX products_live_price_idx \(is_active=\? AND deleted_at=\?/],
    ["min_price=1000&max_price=90000&size=XL&color=Hitam&in_stock=true&ordering=price", /^SEARCH p USING INDEX products_live_price_idx .*price>\?/],
    ["category=fashion", /^SEARCH l USING COVERING INDEX product_listing_created_idx \(category_id=\?/],
    ["category=fashion&ordering=price&min_price=5", /^SEARCH l USING COVERING INDEX product_listing_price_idx \(category_id=\? AND price>\?/],
    ["category=fashion&ordering=-price&store=batik", /^SEARCH l USING COVERING INDEX product_listing_price_idx \(category_id=\?/],
    ["store=batik-sekar", /^SEARCH p USING INDEX products_store_created_idx \(store_id=\? AND is_active=\? AND deleted_at=\?/],
    ["store=batik-sekar&ordering=-price", /^SEARCH p USING INDEX products_store_price_idx \(store_id=\? AND is_active=\? AND deleted_at=\?/],
    ["store=batik-sekar&ordering=price", /^SEARCH p USING INDEX products_store_price_idx \(store_id=\? AND is_active=\? AND deleted_at=\?/],
  ])("reads %j off its index with no sort", async (query, driver) => {
    const { first, next, count } = await plan(query);
    for (const details of [first, next]) {
      expect(details.filter((d) => /^SCAN (p|products|l|product_listing)\b/.test(d))).toEqual([]);
      expect(details.filter((d) => /TEMP B-TREE/.test(d))).toEqual([]);
      expect(details.filter((d) => driver.test(d))).toHaveLength(1);
    }
    // The cursor is part of the index range, not a filter over rows read from the start.
    expect(next.find((d) => driver.test(d))).toMatch(/(\)[<>]\(\?,\?\)|[<>]\?)\)$/);
    expect(count.filter((d) => /^SCAN (p|products)\b/.test(d))).toEqual([]);
  });

  // A search ranks a bounded candidate set (the newest matches), so its sort has at most SEARCH_CANDIDATES rows.
  it.each([
    "search=kaos",
    "search=kaos&ordering=price",
    "search=kaos&ordering=-created_at",
    "category=fashion&store=batik-sekar&search=kaos&in_stock=false&ordering=-price",
  ])("drives %j from the FTS index and joins products by rowid", async (query) => {
    const { first, next } = await plan(query);
    for (const details of [first, next]) {
      expect(details.filter((d) => /^SCAN (p|products|l)\b/.test(d))).toEqual([]);
      expect(details.filter((d) => /^SCAN products_fts VIRTUAL TABLE INDEX/.test(d))).toHaveLength(1);
      // Candidates → products by rowid (the page's keys), then the page's rows → products again for their details.
      expect(details.filter((d) => /^SEARCH p USING INTEGER PRIMARY KEY \(rowid=\?\)/.test(d))).toHaveLength(2);
    }
  });
});
