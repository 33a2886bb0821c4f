import { beforeAll, describe, expect, it } from "vitest";
import { cursorQuery, encodeCursor } from "../../src/lib/cursor";
import { paymentsPageQuery } from "../../src/payments/queries";
import { api, json } from "../helpers";
import { db, insertPaymentRow, userWithRole } from "../factories";
import { expectIndexOrdered, planOf, walkPages } from "../support/pages";

let admin: { token: string };
beforeAll(async () => {
  admin = await userWithRole("admin");
});

describe("GET /admin/payments in cursor pages", () => {
  it("walks newest first without skipping or repeating while payments arrive", async () => {
    const base = Date.now() - 60_000;
    const made: { id: string; at: number }[] = [];
    for (let i = 0; i < 5; i++) {
      const at = base + Math.floor(i / 2);
      made.push({ id: await insertPaymentRow("pending", at), at });
    }
    const expected = made.sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1)).map((p) => p.id);
    const walked = await walkPages<{ id: string }>("/admin/payments?status=pending&limit=2", admin.token, async () => {
      await insertPaymentRow("pending", Date.now());
    });
    expect(walked.map((p) => p.id)).toEqual(expected);

    const counted = await json(await api("/admin/payments?status=pending&limit=1&include=total", { token: admin.token }));
    expect(counted).toMatchObject({ has_more: true, total_capped: false });
    expect(counted.total).toBeGreaterThanOrEqual(expected.length + 2);
  });

  it.each([
    [{}, "payments_created_idx"],
    [{ status: "pending" as const }, "payments_status_created_idx"],
    [{ provider: "manual" as const }, "payments_provider_created_idx"],
  ])("reads %j straight off %s", async (filter, index) => {
    const q = cursorQuery.parse({ cursor: encodeCursor("-created_at", [1, "x"]) });
    expectIndexOrdered(await planOf(paymentsPageQuery(db(), filter, q)), index);
  });
});
