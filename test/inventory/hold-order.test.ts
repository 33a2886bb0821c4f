import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { commitOrder, holdOrder, releaseOrder } from "../../src/inventory/service";
import { AppError } from "../../src/lib/errors";
import { eq } from "drizzle-orm";
import { productVariants } from "../../src/db/schema";
import { lapseHolds, ledgerTotals } from "./fixtures";
import { db, insertVariant } from "../factories";

const TTL = 60_000;

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err;
}

describe("holdOrder / commitOrder / releaseOrder", () => {
  it("holds every line of an order", async () => {
    const a = await insertVariant({ stock: 5 });
    const b = await insertVariant({ stock: 5 });
    const hold = await holdOrder(env, "order-1", [{ variantId: b.id, qty: 2 }, { variantId: a.id, qty: 1 }], TTL);
    expect(hold.lines.map((l) => l.variant_id)).toEqual([a.id, b.id].sort());
    expect(hold.expires_at).toBeGreaterThan(Date.now());
    expect((await a.stub.state()).held).toBe(1);
    expect((await b.stub.state()).held).toBe(2);
  });

  it("merges two lines of one variant into one hold", async () => {
    const a = await insertVariant({ stock: 5 });
    await holdOrder(env, "order-dup", [{ variantId: a.id, qty: 2 }, { variantId: a.id, qty: 3 }], TTL);
    expect(await a.stub.state()).toMatchObject({ held: 5, available: 0 });
  });

  it("leaves no holds behind when the last of three variants is short, and names the short lines", async () => {
    const variants = await Promise.all([insertVariant({ stock: 5 }), insertVariant({ stock: 5 }), insertVariant({ stock: 1 })]);
    const [first, second, short] = variants;
    if (!first || !second || !short) throw new Error("fixtures");
    // The short variant must come last in variant-id order for the compensation to matter.
    const ordered = [first, second, short].sort((x, y) => (x.id < y.id ? -1 : 1));
    ordered.splice(ordered.indexOf(short), 1);
    const lines = [...ordered, short].map((v, i) => ({ variantId: v.id, qty: i === 2 ? 3 : 2 }));
    const err = await rejection(holdOrder(env, "order-short", lines, TTL));
    expect(err.status).toBe(409);
    expect(err.code).toBe("insufficient_stock");
    expect(err.details).toEqual({ lines: [{ variant_id: short.id, requested: 3, available: 1 }] });

    for (const v of variants) {
      expect(await v.stub.state()).toMatchObject({ held: 0 });
      expect((await ledgerTotals(v.id)).live_hold_qty).toBe(0);
    }
  });

  it("reports every short line, not only the first", async () => {
    const ok = await insertVariant({ stock: 5 });
    const shortA = await insertVariant({ stock: 0 });
    const shortB = await insertVariant({ stock: 1 });
    const err = await rejection(
      holdOrder(env, "order-2short", [ok, shortA, shortB].map((v) => ({ variantId: v.id, qty: 2 })), TTL),
    );
    const reported = (err.details?.lines as { variant_id: string }[]).map((l) => l.variant_id).sort();
    expect(reported).toEqual([shortA.id, shortB.id].sort());
    expect((await ok.stub.state()).held).toBe(0);
  });

  it("commits an order's holds, and re-reserves a hold that expired before payment", async () => {
    const a = await insertVariant({ stock: 3 });
    const b = await insertVariant({ stock: 3 });
    const lines = [{ variantId: a.id, qty: 1 }, { variantId: b.id, qty: 2 }];
    await holdOrder(env, "order-pay", lines, TTL);
    await lapseHolds(b.id);
    await commitOrder(env, "order-pay", lines, TTL);
    expect(await a.stub.state()).toMatchObject({ on_hand: 2, held: 0 });
    expect(await b.stub.state()).toMatchObject({ on_hand: 1, held: 0 });
    // A retried payment webhook changes nothing.
    await commitOrder(env, "order-pay", lines, TTL);
    expect((await b.stub.state()).on_hand).toBe(1);
  });

  it("commits nothing when an expired hold's stock was sold to someone else", async () => {
    const a = await insertVariant({ stock: 2 });
    const b = await insertVariant({ stock: 1 });
    const lines = [{ variantId: a.id, qty: 1 }, { variantId: b.id, qty: 1 }];
    await holdOrder(env, "order-slow", lines, TTL);
    await lapseHolds(b.id);
    await holdOrder(env, "order-fast", [{ variantId: b.id, qty: 1 }], TTL);
    const err = await rejection(commitOrder(env, "order-slow", lines, TTL));
    expect(err.code).toBe("insufficient_stock");
    expect(await a.stub.state()).toMatchObject({ on_hand: 2, held: 0 });
    expect(await b.stub.state()).toMatchObject({ on_hand: 1, held: 1 });
  });

  it("releases an order's holds, and refuses to release a sold line", async () => {
    const a = await insertVariant({ stock: 3 });
    const lines = [{ variantId: a.id, qty: 2 }];
    await holdOrder(env, "order-cancel", lines, TTL);
    await releaseOrder(env, "order-cancel", lines);
    await releaseOrder(env, "order-cancel", lines);
    expect((await a.stub.state()).available).toBe(3);

    await commitOrder(env, "order-sold", lines, TTL);
    const err = await rejection(releaseOrder(env, "order-sold", lines));
    expect(err.code).toBe("hold_committed");
  });

  it("rejects a quantity that is not a positive integer", async () => {
    const a = await insertVariant({ stock: 3 });
    const err = await rejection(holdOrder(env, "order-bad", [{ variantId: a.id, qty: 0 }], TTL));
    expect(err.code).toBe("validation_error");
    expect((await rejection(holdOrder(env, "order-empty", [], TTL))).code).toBe("validation_error");
    expect((await a.stub.state()).held).toBe(0);
  });
});

describe("adopting seeded stock", () => {
  it("a variant seeded straight into D1 starts its object from the read model, once", async () => {
    const seeded = await insertVariant();
    await db().update(productVariants).set({ onHand: 4, available: 4 }).where(eq(productVariants.id, seeded.id));
    const holds = await Promise.all([1, 2, 3].map((n) => holdOrder(env, `adopt-${n}`, [{ variantId: seeded.id, qty: 1 }], TTL)));
    expect(holds).toHaveLength(3);
    expect(await seeded.stub.state()).toMatchObject({ on_hand: 4, held: 3, available: 1 });
    await expect(holdOrder(env, "adopt-4", [{ variantId: seeded.id, qty: 2 }], TTL)).rejects.toMatchObject({ code: "insufficient_stock" });
  });
});
