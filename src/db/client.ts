import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

export type Db = ReturnType<typeof createDb>;

export function createDb(d1: D1Database) {
  return drizzle(d1, { schema });
}

/**
 * Drizzle over a D1 Sessions API session (read replication). Drizzle's query path calls only `prepare`
 * and `batch`, which a session has; the cast covers the database-level methods (exec, dump) it lacks.
 */
export function createSessionDb(session: D1DatabaseSession): Db {
  return createDb(session as unknown as D1Database);
}
