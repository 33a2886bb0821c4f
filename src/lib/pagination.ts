import { z } from "@hono/zod-openapi";

export const paginationQuery = z.object({
  page: z.coerce.number().int().min(1).default(1).openapi({ example: 1 }),
  page_size: z.coerce.number().int().min(1).max(100).default(20).openapi({ example: 20 }),
});
export type PaginationQuery = z.infer<typeof paginationQuery>;

const paginationMeta = z
  .object({
    page: z.number().int(),
    page_size: z.number().int(),
    total: z.number().int(),
    total_pages: z.number().int(),
  })
  .openapi("Pagination");

/** The contract's list envelope for a given item schema. */
export function paginated<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), pagination: paginationMeta });
}

export function offsetOf(q: PaginationQuery): number {
  return (q.page - 1) * q.page_size;
}

export function envelope<T>(data: T[], q: PaginationQuery, total: number) {
  return {
    data,
    pagination: {
      page: q.page,
      page_size: q.page_size,
      total,
      total_pages: Math.ceil(total / q.page_size),
    },
  };
}
