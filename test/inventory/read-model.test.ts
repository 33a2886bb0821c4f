import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { productVariants } from "../../src/db/schema";
import { writeReadModel } from "../../src/inventory/read-model";
import type { StockObject } from "../../src/inventory/stock-object";
import { sweepLapsedHolds } from "../../src/inventory/sweep";
import { lapseHolds } from "./fixtures";
import { db, insertVariant } from "../factories";

const TTL = 60_000;

async function readModel(variantId: string) {
  const [row] = await db()
    .select({
      on_hand: productVariants.onHand,
      reserved: productVariants.reserved,
      available: productVariants.available,
      version: productVariants.stockVersion,
    })
    .from(productVariants)
    .where(eq(productVariants.id, variantId));
  return row;
}

/** Polls D1 until the read model shows the object's current state. */
async function converged(variantId: string, expected: { on_hand: number; reserved: number; available: number }) {
  await vi.waitFor(async () => expect(await readModel(variantId)).toMatchObject(expected), { timeout: 30_000, interval: 25 });
}

describe("D1 read model", () => {
  it("follows the object after each change", async () => {
    const { id, stub } = await insertVariant({ stock: 8 });
    await converged(id, { on_hand: 8, reserved: 0, available: 8 });
    await stub.reserve("order-1", 3, TTL);
    await converged(id, { on_hand: 8, reserved: 3, available: 5 });
    await stub.commit("order-1");
    await converged(id, { on_hand: 5, reserved: 0, available: 5 });
    expect((await readModel(id))?.version).toBe((await stub.state()).version);
  });

  it("ends at the final state after a burst of concurrent changes", async () => {
    const { id, stub } = await insertVariant({ stock: 30 });
    await Promise.all(Array.from({ length: 40 }, (_, i) => stub.reserve(`burst-${i}`, 1, TTL)));
    await converged(id, { on_hand: 30, reserved: 30, available: 0 });
  });

  it("never goes back to an older version", async () => {
    const { id, stub } = await insertVariant({ stock: 5 });
    const old = await stub.state();
    await stub.adjust({ delta: 5 }, "restock", "admin-1");
    await converged(id, { on_hand: 10, reserved: 0, available: 10 });
    await writeReadModel({ env, db: db() }, id, old);
    expect(await readModel(id)).toMatchObject({ on_hand: 10 });
  });

  it("is rewritten by the alarm when a write was lost", async () => {
    const { id, stub } = await insertVariant({ stock: 6 });
    await converged(id, { on_hand: 6, reserved: 0, available: 6 });
    // As if the last write had failed: D1 is stale and the object knows it is behind.
    await db().update(productVariants).set({ onHand: 0, available: 0, stockVersion: 0 }).where(eq(productVariants.id, id));
    await runInDurableObject(stub, (_i, state) => {
      state.storage.sql.exec("UPDATE state SET synced_version = 0");
    });
    await runInDurableObject(stub, (instance: StockObject) => instance.alarm());
    expect(await readModel(id)).toMatchObject({ on_hand: 6, available: 6 });
  });

  it("the cron sweep expires holds whose alarm was missed", async () => {
    const { id, stub } = await insertVariant({ stock: 4 });
    await stub.reserve("order-missed", 4, TTL);
    await converged(id, { on_hand: 4, reserved: 4, available: 0 });
    await lapseHolds(id);
    await runInDurableObject(stub, (_i, state) => state.storage.deleteAlarm());

    expect(await sweepLapsedHolds(env)).toBeGreaterThanOrEqual(1);
    expect(await stub.state()).toMatchObject({ held: 0, available: 4 });
    await converged(id, { on_hand: 4, reserved: 0, available: 4 });
  });
});
