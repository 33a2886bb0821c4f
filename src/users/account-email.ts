import { eq, sql } from "drizzle-orm";
import { reusable } from "../db/batch";
import type { Db } from "../db/client";
import { users } from "../db/schema";

/** An account's email, as an item for a caller's batch (checkout's read batch); built once per isolate (db/batch.ts). */
const accountEmailStatement = reusable((db) => db.select({ email: users.email }).from(users).where(eq(users.id, sql.placeholder("id"))));

/** An id of "" reads nothing (a guest). */
export const accountEmailQuery = (db: Db, userId: string) => accountEmailStatement(db, { id: userId });
