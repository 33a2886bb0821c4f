import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { orders } from "../../src/db/schema";
import { queueStatusEmail } from "../../src/orders/order-emails";
import { waitForOutbox } from "../helpers";
import { db, uniqueEmail, userWithRole } from "../factories";
import { insertOrder, insertProduct } from "../reports/fixtures";

describe("order event emails through the real email queue", () => {
  it("leaves a shipping email with the tracking number, the lines and the total in the outbox", async () => {
    const admin = await userWithRole("admin");
    const shirt = await insertProduct("Batik shirt", 3);
    const id = await insertOrder({ at: new Date().toISOString(), status: "shipped", lines: [{ product: shirt, quantity: 2, unitPrice: 50_000 }] });
    const email = uniqueEmail("buyer");
    const [order] = await db().update(orders).set({ email, trackingNumber: "JNE0042" }).where(eq(orders.id, id)).returning();

    await queueStatusEmail({ env, db: db() }, order!, null);
    const sent = await waitForOutbox(admin.token, email, "order_shipped");
    expect(sent.subject).toBe(`Order shipped: ${order!.number}`);
    expect(sent.text).toContain("Tracking number: JNE0042");
    expect(sent.text).toContain("2 × Batik shirt — IDR 100,000");
    expect(sent.text).toContain("Total: IDR 120,000");
    expect(sent.html).toContain("<table");
  });
});
