import type { Principal } from "../env";
import { requireRole } from "../lib/auth";

/**
 * Which stores a catalog editor may touch: admin and staff every store (null), a seller only their own.
 * Callers treat a product outside the scope as not existing, so a seller learns nothing about other stores.
 */
export function storeScope(principal: Principal): string | null {
  if (principal.role === "admin" || principal.role === "staff") return null;
  return principal.storeId ?? "";
}

export function canEditStore(principal: Principal, storeId: string): boolean {
  const scope = storeScope(principal);
  return scope === null || scope === storeId;
}

/**
 * Admin and staff edit every store's catalog and the global category tree; a seller only their own store's (others'
 * products and categories are 404).
 */
export const catalogEditors = requireRole("admin", "staff", "seller");
