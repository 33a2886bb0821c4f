import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { api, expectError, json } from "../helpers";
import { GIF, PNG, imageForm } from "./fixtures";
import { catalogWorld, createProduct, expectStatus, uniq } from "../factories";

let w: Awaited<ReturnType<typeof catalogWorld>>;

beforeAll(async () => {
  w = await catalogWorld();
});

const newProduct = (token = w.admin.token, store = w.store.id) =>
  createProduct(token, { name: `Tas Rotan ${uniq()}`, base_price: 150_000, category_id: w.child.id, store_id: store });

const upload = (productId: string, form: FormData, token = w.admin.token) =>
  api(`/admin/products/${productId}/images`, { token, body: form });

describe("product images", () => {
  it("uploads several files at once; the first becomes primary; bytes come back from /media", async () => {
    const p = await newProduct();
    const res = await upload(p.id, imageForm([{ bytes: PNG, name: "front.png" }, { bytes: GIF, name: "anim.gif" }], "Tas rotan"));
    const { data } = await expectStatus(res, 201);
    expect(data).toHaveLength(2);
    expect(data.map((i: { is_primary: boolean }) => i.is_primary)).toEqual([true, false]);
    expect(data.map((i: { position: number }) => i.position)).toEqual([0, 1]);
    expect(data[0]).toMatchObject({ content_type: "image/png", size: PNG.length, alt_text: "Tas rotan" });
    expect(data[1].content_type).toBe("image/gif");
    expect(data[0].key).not.toBe(data[1].key);
    expect(data[0].url).toBe(`/api/v1/media/${data[0].key}`);

    const media = await api(data[0].url);
    expect(media.status).toBe(200);
    expect(media.headers.get("Content-Type")).toBe("image/png");
    expect(media.headers.get("Cache-Control")).toContain("max-age");
    expect(new Uint8Array(await media.arrayBuffer())).toEqual(PNG);

    // A second upload appends, and never steals the primary role.
    const more = await json(await upload(p.id, imageForm([{ bytes: PNG, name: "back.png" }])));
    expect(more.data[0]).toMatchObject({ is_primary: false, position: 2 });
  });

  it("keeps one primary when first uploads to a product race (each answered 201, none 500)", async () => {
    const p = await newProduct();
    const responses = await Promise.all(
      Array.from({ length: 4 }, (_, i) => upload(p.id, imageForm([{ bytes: PNG, name: `racer-${i}.png` }]))),
    );
    for (const res of responses) await expectStatus(res, 201);
    const { images } = await expectStatus(await api(`/admin/products/${p.id}`, { token: w.admin.token }), 200);
    expect(images).toHaveLength(4);
    expect(images.filter((i: { is_primary: boolean }) => i.is_primary)).toHaveLength(1);
  });

  it("answers If-None-Match with 304 and an unknown key with 404", async () => {
    const p = await newProduct();
    const { data } = await json(await upload(p.id, imageForm([{ bytes: PNG, name: "a.png" }])));
    const first = await api(data[0].url);
    const etag = first.headers.get("ETag");
    expect(etag).toBeTruthy();
    await first.arrayBuffer();
    const again = await api(data[0].url, { headers: { "If-None-Match": etag! } });
    expect(again.status).toBe(304);
    expect(again.headers.get("ETag")).toBe(etag);
    const changed = await api(data[0].url, { headers: { "If-None-Match": '"something-else"' } });
    expect(changed.status).toBe(200);
    await changed.arrayBuffer();
    await expectError(await api("/media/00000000-0000-0000-0000-000000000000.png"), 404, "not_found");
    await expectError(await api("/media/..%2Fsecret"), 400, "validation_error");
  });

  it("judges files by their bytes: a .png holding text is 415 and nothing is stored", async () => {
    const p = await newProduct();
    const before = await env.MEDIA.list();
    const res = await upload(
      p.id,
      imageForm([
        { bytes: PNG, name: "good.png" },
        { bytes: new TextEncoder().encode("just some text, honest"), name: "evil.png", type: "image/png" },
      ]),
    );
    await expectError(res, 415, "unsupported_media_type");
    expect((await env.MEDIA.list()).objects.length).toBe(before.objects.length);
    expect((await expectStatus(await api(`/admin/products/${p.id}`, { token: w.admin.token }), 200)).images).toEqual([]);
    // A real PNG named .jpg with a wrong client type is still a PNG.
    const ok = await expectStatus(await upload(p.id, imageForm([{ bytes: PNG, name: "photo.jpg", type: "image/jpeg" }])), 201);
    expect(ok.data[0].content_type).toBe("image/png");
    expect(ok.data[0].key).toMatch(/\.png$/);
  });

  it("refuses a file over MAX_IMAGE_BYTES with 413", async () => {
    const p = await newProduct();
    const cap = Number(env.MAX_IMAGE_BYTES);
    const big = new Uint8Array(cap + 1);
    big.set(PNG);
    await expectError(await upload(p.id, imageForm([{ bytes: big, name: "huge.png" }])), 413, "payload_too_large");
    const atCap = new Uint8Array(cap);
    atCap.set(PNG);
    await expectStatus(await upload(p.id, imageForm([{ bytes: atCap, name: "max.png" }])), 201);
  });

  it("requires at least one file in the `files` field", async () => {
    const p = await newProduct();
    const form = new FormData();
    form.append("other", new File([PNG], "a.png"));
    await expectError(await upload(p.id, form), 400, "validation_error");
  });

  it("keeps exactly one primary, edits position and alt text, and deletes objects with their rows", async () => {
    const p = await newProduct();
    const { data } = await json(
      await upload(p.id, imageForm([{ bytes: PNG, name: "1.png" }, { bytes: PNG, name: "2.png" }, { bytes: PNG, name: "3.png" }])),
    );
    const [a, b] = data as { id: string; key: string; url: string }[];
    const path = (id: string) => `/admin/products/${p.id}/images/${id}`;
    const updated = await expectStatus(
      await api(path(b!.id), { method: "PATCH", token: w.admin.token, body: { is_primary: true, alt_text: "Tampak samping", position: 9 } }),
      200,
    );
    expect(updated).toMatchObject({ is_primary: true, alt_text: "Tampak samping", position: 9 });
    const primaries = async () =>
      (await expectStatus(await api(`/admin/products/${p.id}`, { token: w.admin.token }), 200)).images
        .filter((i: { is_primary: boolean }) => i.is_primary)
        .map((i: { id: string }) => i.id);
    expect(await primaries()).toEqual([b!.id]);
    await expectError(await api(path(a!.id), { method: "PATCH", token: w.admin.token, body: { is_primary: false } }), 400, "validation_error");

    await expectStatus(await api(path(b!.id), { method: "DELETE", token: w.admin.token }), 204);
    expect(await env.MEDIA.head(b!.key)).toBeNull();
    await expectError(await api(b!.url), 404, "not_found");
    expect(await primaries()).toEqual([a!.id]); // the next by position takes over
    await expectError(await api(path(b!.id), { method: "DELETE", token: w.admin.token }), 404, "not_found");
  });

  it("lets a seller manage only their own store's images", async () => {
    const foreign = await newProduct(w.otherSeller.token, w.otherStore.id);
    await expectError(await upload(foreign.id, imageForm([{ bytes: PNG, name: "x.png" }]), w.seller.token), 404, "not_found");
    const own = await newProduct(w.seller.token, w.store.id);
    await expectStatus(await upload(own.id, imageForm([{ bytes: PNG, name: "x.png" }]), w.seller.token), 201);
  });
});
