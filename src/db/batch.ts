/**
 * D1 batches whose hot statements drizzle builds once per isolate. Building SQL from drizzle's query
 * tree costs far more than running it: profiling a flash sale (bench:flash -- --profile) put ~20 % of
 * the Worker's CPU in rebuilding checkout's read batch on every request. A `reusable` query is built
 * once with `sql.placeholder`s and filled per call; `item` wraps any other builder for the same batch.
 */
import { fillPlaceholders } from "drizzle-orm";
import type { Db } from "./client";

/** What drizzle's prepared queries offer publicly: their SQL and the mapping of a batch result. */
interface Preparable {
  prepare(): { getQuery(): { sql: string; params: unknown[] }; mapResult(response: unknown, isFromBatch?: boolean): unknown };
}

/** One statement of a batch and how to read its result. */
export interface BatchItem<T> {
  sql: string;
  params: unknown[];
  read(result: D1Result): T;
}

type Prepared = ReturnType<Preparable["prepare"]>;

const itemOf = <T>(prepared: Prepared, params: unknown[]): BatchItem<T> => ({
  sql: prepared.getQuery().sql,
  params,
  read: (result) => prepared.mapResult(result, true) as T,
});

/** Any drizzle builder (select, insert, update, delete) as a batch item, built now. */
export function item<Q extends Preparable & PromiseLike<unknown>>(query: Q): BatchItem<Awaited<Q>> {
  const prepared = query.prepare();
  return itemOf(prepared, prepared.getQuery().params);
}

/**
 * A query built on first use and kept for the isolate's life; each call fills its placeholders. The
 * SQL and the result mapping depend only on the query's shape, never on the db it was first built on.
 */
export function reusable<Q extends Preparable & PromiseLike<unknown>>(
  build: (db: Db) => Q,
): (db: Db, values: Record<string, string | number>) => BatchItem<Awaited<Q>> {
  let prepared: Prepared | undefined;
  return (db, values) => {
    prepared ??= build(db).prepare();
    return itemOf(prepared, fillPlaceholders(prepared.getQuery().params, values));
  };
}

type Results<T extends readonly BatchItem<unknown>[]> = { -readonly [K in keyof T]: T[K] extends BatchItem<infer R> ? R : never };

/** One D1 round trip: every item in order, in one implicit transaction (all or nothing, as D1 batches are). */
export async function batch<const T extends readonly BatchItem<unknown>[]>(db: Db, items: T): Promise<Results<T>> {
  const d1 = db.$client;
  const results = await d1.batch(items.map((i) => d1.prepare(i.sql).bind(...i.params)));
  return items.map((i, n) => i.read(results[n] as D1Result)) as Results<T>;
}
