import { type Column, eq } from "drizzle-orm";
import { productVariants } from "../db/schema";

/**
 * The join from a caller's variant id column to the variants, ahead of `sellableJoins` (sellable.ts), so another
 * domain's query reads sellable variants without naming the catalog's tables.
 */
export const variantJoinOn = (variantId: Column) => [productVariants, eq(productVariants.id, variantId)] as const;
