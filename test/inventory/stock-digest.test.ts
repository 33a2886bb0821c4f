import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import worker from "../../src/index";
import { sendStockDigests } from "../../src/inventory/stock-digest";
import { catalogWorld, createProduct, createVariant, db, expectStatus, uniq, userWithRole } from "../factories";
import { api, json } from "../helpers";

const HOUR = 60 * 60_000;

async function runCron() {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron: "*/5 * * * *" }), env, ctx);
  await waitOnExecutionContext(ctx);
}

type Mail = { subject: string; text: string; template: string };

async function digestsTo(adminToken: string, to: string): Promise<Mail[]> {
  const body = await json(await api(`/admin/outbox?to=${encodeURIComponent(to)}&template=stock_digest`, { token: adminToken }));
  return body.data as Mail[];
}

/** Waits until the queue consumer has put exactly `n` digests for `to` in the outbox (newest first). */
async function expectDigests(adminToken: string, to: string, n: number): Promise<Mail[]> {
  return vi.waitFor(
    async () => {
      const mails = await digestsTo(adminToken, to);
      if (mails.length !== n) throw new Error(`${mails.length} digests for ${to}, want ${n}`);
      return mails;
    },
    { timeout: 10_000, interval: 100 },
  );
}

/** Sets a variant's stock and waits until the D1 read model the digest reads shows it. */
async function setStock(token: string, variantId: string, set: number) {
  await expectStatus(await api(`/admin/variants/${variantId}/stock`, { token, body: { set, reason: "count" } }), 200);
  await vi.waitFor(
    async () => {
      const row = await db().query.productVariants.findFirst({ where: (v, { eq }) => eq(v.id, variantId) });
      if (row?.available !== set) throw new Error("read model behind");
    },
    { timeout: 10_000, interval: 50 },
  );
}

describe("stock digest on the cron", () => {
  it("sends staff and each seller the variants under their threshold with the units to add, once per change", async () => {
    const w = await catalogWorld();
    const staff = await userWithRole("staff");
    const product = await createProduct(w.seller.token, { name: `Digest ${uniq()}`, base_price: 1_000, category_id: w.child.id });
    const low = await createVariant(w.seller.token, product.id, { sku: `DG-LOW-${uniq()}`, stock: 3 });
    const own = await createVariant(w.seller.token, product.id, { sku: `DG-OWN-${uniq()}`, stock: 5, low_stock_threshold: 8 });
    const fine = await createVariant(w.seller.token, product.id, { sku: `DG-OK-${uniq()}`, stock: 5, low_stock_threshold: 2 });
    const theirs = await createProduct(w.admin.token, { name: `Other ${uniq()}`, base_price: 1_000, category_id: w.child.id, store_id: w.otherStore.id });
    const otherLow = await createVariant(w.admin.token, theirs.id, { sku: `DG-THEIRS-${uniq()}`, stock: 1 });
    // The read model follows the stock objects; the digest reads it.
    await setStock(w.seller.token, low.id, 3);
    await setStock(w.seller.token, own.id, 5);
    await setStock(w.seller.token, fine.id, 5);
    await setStock(w.admin.token, otherLow.id, 1);

    await runCron();
    const [mine] = await expectDigests(w.admin.token, w.seller.email, 1);
    expect(mine?.text).toContain(`${low.sku} (${product.name}): 3 available, threshold 10, add 7`);
    expect(mine?.text).toContain(`${own.sku} (${product.name}): 5 available, threshold 8, add 3`);
    expect(mine?.text).not.toContain(fine.sku);
    expect(mine?.text).not.toContain(otherLow.sku);
    const [staffDigest] = await expectDigests(w.admin.token, staff.email, 1);
    expect(staffDigest?.text).toContain(`${low.sku} (${product.name}): 3 available, threshold 10, add 7`);
    expect(staffDigest?.text).toContain(`${otherLow.sku} (${theirs.name}): 1 available, threshold 10, add 9`);
    const [theirDigest] = await expectDigests(w.admin.token, w.otherSeller.email, 1);
    expect(theirDigest?.text).not.toContain(low.sku);

    // Nothing changed: the next runs send nothing, within the period or after it.
    await runCron();
    await sendStockDigests({ env, db: db() }, Date.now() + HOUR);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await digestsTo(w.admin.token, w.seller.email)).toHaveLength(1);

    // A change to an ordinary variant waits for the next period, then goes out once.
    await setStock(w.seller.token, low.id, 2);
    await runCron();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await digestsTo(w.admin.token, w.seller.email)).toHaveLength(1);
    await sendStockDigests({ env, db: db() }, Date.now() + 2 * HOUR);
    const [changed] = await expectDigests(w.admin.token, w.seller.email, 2);
    expect(changed?.text).toContain(`${low.sku} (${product.name}): 2 available, threshold 10, add 8`);
    await sendStockDigests({ env, db: db() }, Date.now() + 3 * HOUR);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await digestsTo(w.admin.token, w.seller.email)).toHaveLength(2);
  });

  it("checks a flash-sale variant on every run and sends its change at once", async () => {
    const w = await catalogWorld();
    const product = await createProduct(w.seller.token, { name: `Flash ${uniq()}`, base_price: 1_000, category_id: w.child.id });
    const flash = await createVariant(w.seller.token, product.id, { sku: `FL-${uniq()}`, stock: 6, hold_seconds: 300 });
    await setStock(w.seller.token, flash.id, 6);
    await runCron();
    const [first] = await expectDigests(w.admin.token, w.seller.email, 1);
    expect(first?.text).toContain(`${flash.sku} (${product.name}, flash sale): 6 available, threshold 10, add 4`);

    await setStock(w.seller.token, flash.id, 1);
    await runCron();
    const [next] = await expectDigests(w.admin.token, w.seller.email, 2);
    expect(next?.text).toContain(`${flash.sku} (${product.name}, flash sale): 1 available, threshold 10, add 9`);
    await runCron();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await digestsTo(w.admin.token, w.seller.email)).toHaveLength(2);

    // Restocked above the threshold: the digest empties and nothing is sent.
    await setStock(w.seller.token, flash.id, 50);
    await runCron();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await digestsTo(w.admin.token, w.seller.email)).toHaveLength(2);
  });
});
