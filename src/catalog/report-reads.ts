import { type Column, sql } from "drizzle-orm";
import { categories, productVariants } from "../db/schema";

/** What the reports read of the catalog, as correlated subqueries for their own statements (one query per figure). */

/** A product's stock left: the read model's available units summed over its live variants. */
export const stockLeftOf = (productId: Column) =>
  sql<number>`(SELECT COALESCE(SUM(${productVariants.available}), 0) FROM ${productVariants}
             WHERE ${productVariants.productId} = ${productId} AND ${productVariants.deletedAt} IS NULL)`;

/** A category's current name (null when there is no such category). */
export const categoryNameOf = (categoryId: Column) => sql<string | null>`(SELECT ${categories.name} FROM ${categories} WHERE ${categories.id} = ${categoryId})`;
