import { env } from "cloudflare:workers";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { batch, item, reusable } from "../../src/db/batch";
import { createDb } from "../../src/db/client";
import { stores } from "../../src/db/schema";

const storeBySlug = reusable((db) => db.select({ id: stores.id, name: stores.name }).from(stores).where(eq(stores.slug, sql.placeholder("slug"))));

describe("db/batch", () => {
  it("fills a reusable statement's placeholders per call, next to builders in one batch", async () => {
    const db = createDb(env.DB);
    await batch(db, [
      item(db.insert(stores).values({ id: "batch-a", slug: "batch-a", name: "A" })),
      item(db.insert(stores).values({ id: "batch-b", slug: "batch-b", name: "B" })),
    ]);
    const [a, b, none] = await batch(db, [storeBySlug(db, { slug: "batch-a" }), storeBySlug(db, { slug: "batch-b" }), storeBySlug(db, { slug: "nope" })]);
    expect(a).toEqual([{ id: "batch-a", name: "A" }]);
    expect(b).toEqual([{ id: "batch-b", name: "B" }]);
    expect(none).toEqual([]);
    // Built once: every call carries the same SQL text.
    expect(storeBySlug(db, { slug: "x" }).sql).toBe(storeBySlug(createDb(env.DB), { slug: "y" }).sql);
  });

  it("is all or nothing: a failing statement undoes the batch's earlier writes", async () => {
    const db = createDb(env.DB);
    await expect(
      batch(db, [
        item(db.insert(stores).values({ id: "batch-c", slug: "batch-c", name: "C" })),
        item(db.insert(stores).values({ id: "batch-c", slug: "batch-c2", name: "duplicate id" })),
      ]),
    ).rejects.toThrow(/UNIQUE/);
    const [rows] = await batch(db, [storeBySlug(db, { slug: "batch-c" })]);
    expect(rows).toEqual([]);
  });
});
