import { z } from "@hono/zod-openapi";
import { validationError } from "./errors";

/**
 * Keyset ("cursor") pagination for the big lists, as Stripe's `starting_after`: a page is "the next `limit`
 * rows after this key in this ordering", read from an index that serves the ordering, so page 1,000 costs
 * what page 1 costs and rows added or removed meanwhile never shift the walk (nothing skipped or repeated).
 * The cursor is opaque to clients: base64url of `[ordering, ...key]`, the key being the last row's
 * ordering column(s) and its id.
 */

/** Totals are counted only when asked, and then no further than this: `total_capped` says "at least". */
export const TOTAL_CAP = 10_000;

export const cursorQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20).openapi({ example: 20 }),
  cursor: z
    .string()
    .min(1)
    .max(512)
    .optional()
    .openapi({ description: "The `next_cursor` of the previous page, with the same filters and ordering" }),
  include: z
    .enum(["total"])
    .optional()
    .openapi({ description: `total: also count the matches (up to ${TOTAL_CAP.toLocaleString("en")}; total_capped when there are more)` }),
});
export type CursorQuery = z.infer<typeof cursorQuery>;

/** The contract's cursor envelope for a given item schema. */
export function cursorPage<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    has_more: z.boolean(),
    next_cursor: z.string().nullable().openapi({ description: "Pass as `cursor` for the next page; null on the last" }),
    total: z.number().int().optional().openapi({ description: "Only with include=total" }),
    total_capped: z.boolean().optional().openapi({ description: `Only with include=total: true when there are more than ${TOTAL_CAP}` }),
  });
}

export type CursorKey = (string | number)[];

const keyPart = z.union([z.string(), z.number()]);

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): string {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return new TextDecoder().decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0)));
}

export function encodeCursor(ordering: string, key: CursorKey): string {
  return toBase64Url(JSON.stringify([ordering, ...key]));
}

function invalidCursor(): never {
  throw validationError("The request is not valid", {
    fields: [{ field: "cursor", code: "invalid_cursor", message: "Not a cursor of this list and ordering; start again without one" }],
  });
}

/** The key a cursor carries, or a 400 when it is malformed or was made for another ordering. */
export function decodeCursor(cursor: string, ordering: string, types: readonly ("string" | "number")[]): CursorKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromBase64Url(cursor));
  } catch {
    invalidCursor();
  }
  const result = z.tuple([z.literal(ordering)], keyPart).safeParse(parsed);
  if (!result.success) invalidCursor();
  const key = result.data.slice(1);
  if (key.length !== types.length || key.some((part, i) => typeof part !== types[i])) invalidCursor();
  return key;
}

/** Rows fetched with `limit + 1` → the page, `has_more` and the cursor after its last row. */
export function cursorEnvelope<R, T>(rows: R[], limit: number, ordering: string, keyOf: (row: R) => CursorKey, view: (row: R) => T) {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const hasMore = rows.length > limit;
  return {
    data: page.map(view),
    has_more: hasMore,
    next_cursor: hasMore && last !== undefined ? encodeCursor(ordering, keyOf(last)) : null,
  };
}

/** A count made with `LIMIT TOTAL_CAP + 1` → the envelope's total fields. */
export function boundedTotal(counted: number): { total: number; total_capped: boolean } {
  return { total: Math.min(counted, TOTAL_CAP), total_capped: counted > TOTAL_CAP };
}
