import { beforeAll, describe, expect, it } from "vitest";
import { adminOrdersPageQuery } from "../../src/orders/queries";
import { adminOrdersQuery } from "../../src/orders/schemas";
import { cursorQuery, encodeCursor } from "../../src/lib/cursor";
import { api, expectError, json } from "../helpers";
import { db, insertOrderRow, userWithRole } from "../factories";
import { expectIndexOrdered, planOf, walkPages } from "../support/pages";

let staff: { token: string };
beforeAll(async () => {
  staff = await userWithRole("staff");
});

describe("GET /admin/orders in cursor pages", () => {
  it("walks each ordering without skipping or repeating while orders arrive, and counts when asked", async () => {
    const base = Date.now() - 60_000;
    // Equal created_at and totals on purpose: the id breaks ties, so no row falls between two pages.
    const made: { id: string; at: number }[] = [];
    for (let i = 0; i < 7; i++) {
      const at = base + Math.floor(i / 2);
      made.push({ id: await insertOrderRow({ total: 1_000 * (i % 3), status: "paid", createdAt: at }), at });
    }
    const newestFirst = made.sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1)).map((o) => o.id);

    const walked = await walkPages<{ id: string }>("/admin/orders?status=paid&limit=2", staff.token, async () => {
      await insertOrderRow({ total: 500, status: "paid" }); // newer than every page read so far: lands before the cursor
    });
    expect(walked.map((o) => o.id)).toEqual(newestFirst);
    const ids = newestFirst;

    for (const ordering of ["created_at", "-created_at", "total", "-total"]) {
      const all = (await json(await api(`/admin/orders?status=paid&ordering=${ordering}&limit=100`, { token: staff.token }))).data;
      const paged = await walkPages(`/admin/orders?status=paid&ordering=${ordering}&limit=3`, staff.token);
      expect(paged.map((o) => o.id)).toEqual(all.map((o: { id: string }) => o.id));
    }

    const counted = await json(await api("/admin/orders?status=paid&limit=1&include=total", { token: staff.token }));
    expect(counted).toMatchObject({ has_more: true, total: expect.any(Number), total_capped: false });
    expect(counted.total).toBeGreaterThanOrEqual(ids.length);
    const { next_cursor } = counted;
    await expectError(await api(`/admin/orders?ordering=total&cursor=${next_cursor}`, { token: staff.token }), 400, "validation_error");
  });

  it.each([
    ["-created_at", {}, "orders_created_id_idx"],
    ["created_at", {}, "orders_created_id_idx"],
    ["total", {}, "orders_total_id_idx"],
    ["-total", {}, "orders_total_id_idx"],
    ["-created_at", { status: "paid" }, "orders_status_created_idx"],
  ] as const)("orders by %s (%j) straight off %s", async (ordering, filter, index) => {
    const q = cursorQuery.parse({ limit: "20", cursor: encodeCursor(ordering, [1, "x"]) });
    const f = adminOrdersQuery.parse({ ordering, ...filter });
    const details = await planOf(adminOrdersPageQuery(db(), { id: "s", role: "staff", storeId: null }, f, q));
    expectIndexOrdered(details, index);
  });
});
