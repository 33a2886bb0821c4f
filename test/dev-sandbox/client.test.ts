import { exports } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { createShopClient, DOCUMENT_SHA256 } from "../../client/index";
import committed from "../../client/openapi.json";
import { purchase } from "../../examples/purchase";
import { sha256Hex } from "../../src/lib/crypto";
import { catalogWorld, createProduct, createVariant, uniq } from "../factories";
import { api, json } from "../helpers";

/** openapi-fetch with the Worker's own fetch handler as the network. */
const shop = () =>
  createShopClient({ baseUrl: "http://shop.test", fetch: (request: Request) => exports.default.fetch(request) });

describe("typed client (client/)", () => {
  it("was generated from the document this server serves: run `npm run client:generate` after changing a route or schema", async () => {
    const served = await json(await api("/api/openapi.json"));
    expect(served, "client/openapi.json is stale: run npm run client:generate").toEqual(committed);
    // schema.d.ts and document.ts come from the same file (the generator writes this exact text).
    expect(await sha256Hex(`${JSON.stringify(committed, null, 2)}\n`), "client/schema.d.ts is stale: run npm run client:generate").toBe(DOCUMENT_SHA256);
  });

  it("runs the README's purchase (examples/purchase.ts): guest cart → checkout → Stripe → paid", async () => {
    const { admin, store, child } = await catalogWorld();
    const tag = uniq();
    const product = await createProduct(admin.token, { name: `Kopi Gayo ${tag}`, base_price: 85_000, category_id: child.id, store_id: store.id });
    await createVariant(admin.token, product.id, { sku: `KG-${tag}`, stock: 3 });
    // The catalog's read model (what search's in_stock reads) follows the stock object in the background.
    await vi.waitFor(async () => {
      const found = await json(await api(`/products?search=${tag}&in_stock=true`));
      if (found.data.length !== 1) throw new Error("not searchable yet");
    }, { timeout: 5_000, interval: 50 });

    const lines: string[] = [];
    const result = await purchase(shop(), tag, (line) => lines.push(line));
    expect(result).toMatchObject({ product: `Kopi Gayo ${tag}`, status: "paid", paymentStatus: "paid", currency: "IDR" });
    expect(lines).toHaveLength(6);
    expect(lines[4]).toBe("5. payment_intent.succeeded → webhook 200, payment succeeded");

    // The unit sold is gone from the catalog's read model too (written in the background).
    await vi.waitFor(async () => {
      expect((await json(await api(`/products/${product.slug}`))).variants[0]).toMatchObject({ available: 2 });
    }, { timeout: 5_000, interval: 50 });
  });

  it("reports the contract's error codes through the types", async () => {
    const { error, response } = await shop().GET("/api/v1/orders/{id}", { params: { path: { id: "missing" } } });
    expect(response.status).toBe(404);
    expect(error?.error.code).toBe("not_found");
  });
});
