import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

export type Db = ReturnType<typeof build>;

const build = (d1: D1Database) => drizzle(d1, { schema });
const perBinding = new WeakMap<D1Database, ReturnType<typeof build>>();

/**
 * One drizzle instance per D1 binding (or session) for the isolate's life: building one walks the whole
 * schema's relational config, which was ~3 % of a flash sale's CPU when every request built its own.
 * The instance holds no request state.
 */
export function createDb(d1: D1Database) {
  let db = perBinding.get(d1);
  if (!db) {
    db = build(d1);
    perBinding.set(d1, db);
  }
  return db;
}

/**
 * Drizzle over a D1 Sessions API session (read replication). Drizzle's query path calls only `prepare`
 * and `batch`, which a session has; the cast covers the database-level methods (exec, dump) it lacks.
 */
export function createSessionDb(session: D1DatabaseSession): Db {
  return createDb(session as unknown as D1Database);
}
