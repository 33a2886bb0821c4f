/**
 * A typed client for the Edge Commerce API: openapi-fetch over the types openapi-typescript generated
 * from /api/openapi.json (`npm run client:generate`; test/client fails when they fall behind the server).
 *
 *   const shop = createShopClient({ baseUrl: "http://localhost:8787" });
 *   const { data, error } = await shop.GET("/api/v1/products/{slug}", { params: { path: { slug } } });
 */
import createClient, { type ClientOptions } from "openapi-fetch";
import type { components, operations, paths } from "./schema.d.ts";

export type { components, operations, paths };
export type ShopClient = ReturnType<typeof createClient<paths>>;
/** The contract's error body; switch on `error.code`. */
export type ApiError = components["schemas"]["Error"];
export type ErrorCode = ApiError["error"]["code"];
export { DOCUMENT_SHA256 } from "./document.ts";

export function createShopClient(options: ClientOptions = {}): ShopClient {
  return createClient<paths>(options);
}
