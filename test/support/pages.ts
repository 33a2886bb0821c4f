import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { api, json } from "../helpers";

/** Follows next_cursor from the first page to the last and returns every item, in order. */
export async function walkPages<T = Record<string, any>>(path: string, token: string, between?: (page: number) => Promise<void>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  let page = 0;
  do {
    const sep = path.includes("?") ? "&" : "?";
    const res = await api(`${path}${cursor ? `${sep}cursor=${cursor}` : ""}`, { token });
    const body = await json(res);
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.has_more).toBe(body.next_cursor !== null);
    items.push(...(body.data as T[]));
    cursor = body.next_cursor;
    if (between) await between(++page);
  } while (cursor);
  return items;
}

/** EXPLAIN QUERY PLAN of a drizzle query, as its detail lines. */
export async function planOf(query: { toSQL(): { sql: string; params: unknown[] } }): Promise<string[]> {
  const { sql, params } = query.toSQL();
  const rows = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...params)
    .all<{ detail: string }>();
  return rows.results.map((r) => r.detail);
}

/** The plan reads `index` from the cursor on (a range on it) and never sorts. */
export function expectIndexOrdered(details: string[], index: string) {
  expect(details.filter((d) => /TEMP B-TREE/.test(d)), details.join("\n")).toEqual([]);
  expect(details.some((d) => d.includes(`INDEX ${index} (`) && /[<>]/.test(d)), details.join("\n")).toBe(true);
}
