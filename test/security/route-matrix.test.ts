/**
 * The security matrix, generated from the app's own OpenAPI document: every route is called as a
 * guest, as another customer and as another store's seller, with a body built from its request schema,
 * and must refuse them the way its declared security says. A new route is covered without a new test;
 * a route whose path parameters this file cannot fill makes the test fail (add its object to `OBJECTS`).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { api, json } from "../helpers";
import { imageForm, PNG } from "../catalog/fixtures";
import { cartApi, catalogWorld, createProduct, createVariant, placeOrder, registerCustomer, uniq } from "../factories";

type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  example?: unknown;
  format?: string;
  minimum?: number;
  minLength?: number;
  minItems?: number;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
};
interface Operation {
  security?: Array<Record<string, string[]>>;
  requestBody?: { content: Record<string, { schema: Schema }> };
}
interface Route {
  method: string;
  template: string;
  op: Operation;
}
type Caller = { token?: string };

const API = "/api/v1";
const routes: Route[] = [];
let components: Record<string, Schema> = {};
/** Path-parameter values, by parameter name and then by the longest matching path prefix. */
let OBJECTS: Record<string, Array<[prefix: string, value: string]>> = {};
let guest: Caller;
let otherCustomer: Caller;
let otherSeller: Caller;

beforeAll(async () => {
  const doc = await json(await api("/api/openapi.json"));
  components = doc.components.schemas;
  for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, Operation>>)) {
    for (const [method, op] of Object.entries(ops)) {
      if (path.startsWith(API)) routes.push({ method: method.toUpperCase(), template: path.slice(API.length), op });
    }
  }

  // One of everything, owned by customer A and store A.
  const w = await catalogWorld();
  const product = await createProduct(w.seller.token, {
    name: `Matrix ${uniq()}`,
    base_price: 50_000,
    category_id: w.child.id,
    store_id: w.store.id,
  });
  const variant = await createVariant(w.seller.token, product.id, { sku: `MX-${uniq()}`, stock: 20 });
  const images = await json(await api(`/admin/products/${product.id}/images`, { token: w.seller.token, body: imageForm([{ bytes: PNG, name: "m.png" }]) }));
  const image = images.data[0];
  const customer = await registerCustomer();
  const add = () => cartApi("/cart/items", customer, { body: { variant_id: variant.id, quantity: 1 } });
  await add();
  const order = await json(await placeOrder(customer));
  const cartItem = (await json(await add())).items[0];
  const payment = await json(await api("/payments", { token: customer.token, body: { order_id: order.id, provider: "manual" } }));
  const discount = await json(await api("/admin/discounts", { token: w.admin.token, body: { code: `MX${uniq()}`, type: "percent", value: 5 } }));
  const exported = await json(
    await api("/admin/reports/exports", { token: w.admin.token, body: { report: "sales", format: "csv", from: "2045-01-01", to: "2045-01-31" } }),
  );
  for (const [what, value] of Object.entries({ product, variant, image, order, cartItem, payment, discount, exported })) {
    expect(value?.id, `fixture ${what}`).toBeTruthy();
  }

  OBJECTS = {
    id: [
      ["/admin/users/", customer.userId],
      ["/admin/stores/", w.store.id],
      ["/admin/categories/", w.child.id],
      ["/products/", product.id],
      ["/admin/products/", product.id],
      ["/admin/variants/", variant.id],
      ["/admin/discounts/", discount.id],
      ["/orders/", order.id],
      ["/admin/orders/", order.id],
      ["/payments/", payment.id],
      ["/admin/payments/", payment.id],
      ["/admin/reports/exports/", exported.id],
      // Staff-only and refused before any lookup, so an id that names nothing tests the same guards.
      ["/admin/refunds/", "no-refund-owed"],
    ],
    slug: [
      ["/stores/", w.store.slug],
      ["/categories/", w.child.slug],
      ["/products/", product.slug],
    ],
    variant_id: [["/admin/products/", variant.id]],
    image_id: [["/admin/products/", image.id]],
    item_id: [["/cart/items/", cartItem.id]],
    key: [["/media/", image.key]],
  };

  guest = {};
  otherCustomer = await registerCustomer();
  otherSeller = w.otherSeller;
});

const resolve = (schema: Schema): Schema => (schema.$ref ? resolve(components[schema.$ref.split("/").pop() ?? ""] ?? {}) : schema);

/** The smallest body the schema accepts, as far as a JSON Schema says: required fields with their examples. */
function sample(raw: Schema): unknown {
  const s = resolve(raw);
  if (s.example !== undefined) return s.example;
  if (s.enum) return s.enum[0];
  const variant = s.anyOf ?? s.oneOf ?? s.allOf;
  if (variant?.[0]) return sample(variant[0]);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  switch (type) {
    case "object":
      return Object.fromEntries((s.required ?? []).map((key) => [key, sample(s.properties?.[key] ?? {})]));
    case "array":
      return Array.from({ length: Math.max(1, s.minItems ?? 0) }, () => sample(s.items ?? {}));
    case "integer":
    case "number":
      return Math.max(1, s.minimum ?? 1);
    case "boolean":
      return true;
    case "string":
      if (s.format === "email") return "matrix@example.com";
      if (s.format === "date") return "2045-01-01";
      if (s.format === "date-time") return "2045-01-01T00:00:00Z";
      return "x".repeat(Math.max(8, s.minLength ?? 0));
    default:
      return {};
  }
}

/** Bodies whose rules JSON Schema cannot state (here: exactly one of two optional fields). */
const BODIES: Record<string, unknown> = {
  "POST /admin/variants/{id}/stock": { delta: 1, reason: "matrix" },
};

function bodyFor(route: Route): unknown {
  if (label(route) in BODIES) return BODIES[label(route)];
  const content = route.op.requestBody?.content;
  if (!content) return undefined;
  if (content["multipart/form-data"]) return imageForm([{ bytes: PNG, name: "x.png" }]);
  const schema = content["application/json"]?.schema;
  return schema ? sample(schema) : undefined;
}

/** The route's path with its parameters filled from OBJECTS (or `missing`), or null if one cannot be. */
function urlFor(route: Route, missing = false): string | null {
  let unresolved = false;
  const url = route.template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (missing) return "no-such-object";
    const candidates = (OBJECTS[name] ?? []).filter(([prefix]) => route.template.startsWith(prefix));
    const best = candidates.sort((a, b) => b[0].length - a[0].length)[0];
    if (!best) unresolved = true;
    return best?.[1] ?? "";
  });
  return unresolved ? null : url;
}

/** Public operations declare `security: []` (src/lib/openapi-document.ts). */
const isPublic = (r: Route) => !r.op.security || r.op.security.length === 0;
const bearerOnly = (r: Route) => !isPublic(r) && (r.op.security ?? []).every((s) => "bearerAuth" in s);
const isAdmin = (r: Route) => r.template.startsWith("/admin/");
const hasObject = (r: Route) => r.template.includes("{");
const label = (r: Route) => `${r.method} ${r.template}`;

async function call(route: Route, url: string, who: Caller): Promise<{ status: number; cacheControl: string | null }> {
  const res = await api(url, { method: route.method, body: bodyFor(route), ...(who.token ? { token: who.token } : {}) });
  await res.body?.cancel();
  return { status: res.status, cacheControl: res.headers.get("Cache-Control") };
}

describe("security matrix over /api/openapi.json", () => {
  it("fills every route's path parameters (a new kind of object needs an entry in OBJECTS)", () => {
    expect(routes.length).toBeGreaterThan(70);
    expect(routes.filter((r) => urlFor(r) === null).map(label)).toEqual([]);
  });

  it("a guest gets 401 on every signed-in route, 404 on others' objects, and no 5xx anywhere", async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const url = urlFor(route);
      if (!url) continue;
      const { status, cacheControl } = await call(route, url, guest);
      const expected = bearerOnly(route) ? [401] : !isPublic(route) && hasObject(route) ? [404] : null;
      if (status >= 500 || (expected && !expected.includes(status))) wrong.push(`${label(route)} → ${status}`);
      if (!cacheControl) wrong.push(`${label(route)} has no Cache-Control`);
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it("another customer gets 403 on admin routes and 404 on customer A's objects", async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const url = urlFor(route);
      if (!url) continue;
      const { status, cacheControl } = await call(route, url, otherCustomer);
      const expected = isAdmin(route) ? [403] : !isPublic(route) && hasObject(route) ? [404] : null;
      if (status >= 500 || (expected && !expected.includes(status))) wrong.push(`${label(route)} → ${status}`);
      if (!isPublic(route) && !cacheControl?.includes("no-store")) wrong.push(`${label(route)} is cacheable: ${cacheControl}`);
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it("another store's seller gets 404 on store A's objects where sellers are admitted, 403 elsewhere", async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const url = urlFor(route);
      if (!url || isPublic(route)) continue;
      const { status } = await call(route, url, otherSeller);
      let expected: number[] | null = null;
      if (isAdmin(route) && hasObject(route)) {
        // Whether sellers may use the route at all, asked without touching a real object.
        const probe = await call(route, urlFor(route, true) ?? url, otherSeller);
        expected = probe.status === 403 ? [403] : [404];
      } else if (hasObject(route)) {
        expected = [403, 404]; // customer objects: sellers have no carts (403) and see no foreign orders (404)
      }
      if (status >= 500 || (expected && !expected.includes(status))) wrong.push(`${label(route)} → ${status}`);
    }
    expect(wrong).toEqual([]);
  }, 120_000);
});
