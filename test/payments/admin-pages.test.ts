import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client";
import { orders, payments } from "../../src/db/schema";
import { cursorQuery, encodeCursor } from "../../src/lib/cursor";
import { paymentsPageQuery } from "../../src/payments/queries";
import { api, json } from "../helpers";
import { userWithRole } from "../factories";
import { expectIndexOrdered, planOf, walkPages } from "../support/pages";

const address = { name: "A", phone: "0812345678", line1: "Jl. 1", city: "Jakarta", postal_code: "10110", country: "ID" };
let seq = 0;

/** A payment row (and its order) straight in D1: the list reads what the payment flow writes. */
async function insertPayment(status: string, createdAt: number) {
  const db = createDb(env.DB);
  const id = `pay-${Date.now().toString(36)}-${++seq}`;
  await db.insert(orders).values({ id: `o-${id}`, number: `ORD-P-${id}`, email: "p@example.com", status: "pending_payment", currency: "IDR", subtotal: 1, total: 1, shippingAddress: address });
  await db.insert(payments).values({ id, orderId: `o-${id}`, provider: "manual", amount: 1, currency: "IDR", status, clientData: {}, createdAt });
  return id;
}

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
      made.push({ id: await insertPayment("pending", at), at });
    }
    const expected = made.sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1)).map((p) => p.id);
    const walked = await walkPages<{ id: string }>("/admin/payments?status=pending&limit=2", admin.token, async () => {
      await insertPayment("pending", Date.now());
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
    expectIndexOrdered(await planOf(paymentsPageQuery(createDb(env.DB), filter, q)), index);
  });
});
