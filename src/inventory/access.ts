import type { Principal, ReadDeps } from "../env";
import { forbidden, notFound } from "../lib/errors";
import { variantStore } from "../catalog/variant-stock";

/** A seller sees only their own store's stock; admin and staff see all (undefined). */
export function ownStoreOf(principal: Principal): string | undefined {
  if (principal.role !== "seller") return undefined;
  if (!principal.storeId) throw forbidden("This seller account has no store");
  return principal.storeId;
}

/** Unknown variants and other stores' variants look the same from outside: 404. */
export async function assertVariantAccess(deps: ReadDeps, principal: Principal, variantId: string): Promise<void> {
  const storeId = await variantStore(deps, variantId);
  const own = ownStoreOf(principal);
  if (!storeId || (own !== undefined && storeId !== own)) throw notFound("Variant");
}
