import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import type { StockObject } from "../../src/inventory/stock-object";
import type { HoldResult } from "../../src/inventory/stock-types";
import { lapseHolds, ledgerTotals } from "./fixtures";
import { insertVariant } from "../factories";

const TTL = 60_000;

describe("StockObject", () => {
  it("sells exactly the stock it has when 500 buyers race for 50 units", async () => {
    const { id, stub } = await insertVariant({ stock: 50 });
    const results = await Promise.all(
      Array.from({ length: 500 }, (_, i) => stub.reserve(`order-${i}`, 1, TTL) as Promise<HoldResult>),
    );
    const won = results.filter((r) => r.ok);
    const lost = results.filter((r) => !r.ok);
    expect(won).toHaveLength(50);
    expect(lost).toHaveLength(450);
    expect(new Set(lost.map((r) => (r.ok ? "" : r.code)))).toEqual(new Set(["insufficient_stock"]));

    const snap = await stub.snapshot();
    expect(snap).toMatchObject({ on_hand: 50, held: 50, available: 0 });
    expect(snap.on_hand - snap.held).toBe(0);
    expect(snap.holds).toHaveLength(50);
    // initial + 50 reserves; the losers left no trace.
    expect(await ledgerTotals(id)).toEqual({ on_hand: 50, held: 50, live_hold_qty: 50, rows: 51 });
  });

  it("holds once when a reserve is retried with the same order id", async () => {
    const { id, stub } = await insertVariant({ stock: 5 });
    const [first, second] = await Promise.all([stub.reserve("order-r", 2, TTL), stub.reserve("order-r", 2, TTL)]);
    expect([first?.ok, second?.ok]).toEqual([true, true]);
    const third = await stub.reserve("order-r", 2, TTL);
    expect(third).toMatchObject({ ok: true, replayed: true });
    expect(await stub.state()).toMatchObject({ on_hand: 5, held: 2, available: 3 });
    expect((await ledgerTotals(id)).rows).toBe(2);
  });

  it("refuses a retry that asks for a different quantity under the same order id", async () => {
    const { stub } = await insertVariant({ stock: 5 });
    await stub.reserve("order-q", 2, TTL);
    expect(await stub.reserve("order-q", 3, TTL)).toMatchObject({ ok: false, code: "idempotency_conflict" });
    expect((await stub.state()).held).toBe(2);
  });

  it("holds nothing when the request cannot be met in full, and says how many are left", async () => {
    const { stub } = await insertVariant({ stock: 3 });
    const result = await stub.reserve("order-big", 4, TTL);
    expect(result).toMatchObject({ ok: false, code: "insufficient_stock", state: { available: 3, held: 0 } });
  });

  it("returns expired holds to stock when the alarm fires, and a second firing changes nothing", async () => {
    const { id, stub } = await insertVariant({ stock: 10 });
    await stub.reserve("order-a", 3, TTL);
    await stub.reserve("order-b", 2, TTL * 2);
    await lapseHolds(id);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await stub.state()).toMatchObject({ on_hand: 10, held: 0, available: 10 });

    await runInDurableObject(stub, (instance: StockObject) => instance.alarm());
    const totals = await ledgerTotals(id);
    expect(totals).toEqual({ on_hand: 10, held: 0, live_hold_qty: 0, rows: 5 });
  });

  it("keeps one alarm, at the earliest live expiry once the read model is written", async () => {
    const { stub } = await insertVariant({ stock: 10 });
    const late = await stub.reserve("order-late", 1, TTL * 3);
    const early = await stub.reserve("order-early", 1, TTL);
    if (!late.ok || !early.ok || !late.hold || !early.hold) throw new Error("reserve failed");
    const alarmAfter = async () => {
      // Right after a change the alarm may be the sooner read-model retry; once written, it runs and re-aims.
      await vi.waitFor(() =>
        runInDurableObject(stub, (_i, state) => {
          const row = state.storage.sql.exec<{ behind: number }>("SELECT version - synced_version AS behind FROM state").one();
          expect(row.behind).toBe(0);
        }),
      );
      await runDurableObjectAlarm(stub);
      return runInDurableObject(stub, (_i, state) => state.storage.getAlarm());
    };
    expect(await alarmAfter()).toBe(early.hold.expires_at);
    await stub.release("order-early");
    expect(await alarmAfter()).toBe(late.hold.expires_at);
  });

  it("refuses to commit a hold that expired, with hold_expired, and keeps the stock", async () => {
    const { id, stub } = await insertVariant({ stock: 4 });
    await stub.reserve("order-late-pay", 2, TTL);
    await lapseHolds(id);
    // The alarm has not run yet: commit itself notices the lapse.
    expect(await stub.commit("order-late-pay")).toMatchObject({ ok: false, code: "hold_expired" });
    expect(await stub.state()).toMatchObject({ on_hand: 4, held: 0 });
    await runDurableObjectAlarm(stub);
    expect(await stub.commit("order-late-pay")).toMatchObject({ ok: false, code: "hold_expired" });
    expect(await stub.state()).toMatchObject({ on_hand: 4, held: 0 });
  });

  it("commits a live hold once: on_hand drops by the held quantity", async () => {
    const { id, stub } = await insertVariant({ stock: 4 });
    await stub.reserve("order-paid", 3, TTL);
    expect(await stub.commit("order-paid")).toMatchObject({ ok: true, replayed: false, hold: { status: "committed" } });
    expect(await stub.commit("order-paid")).toMatchObject({ ok: true, replayed: true });
    expect(await stub.state()).toMatchObject({ on_hand: 1, held: 0, available: 1 });
    expect(await stub.release("order-paid")).toMatchObject({ ok: false, code: "hold_committed" });
    expect(await ledgerTotals(id)).toMatchObject({ on_hand: 1, held: 0 });
  });

  it("releases a hold once, and a release that came first blocks the late reserve", async () => {
    const { stub } = await insertVariant({ stock: 4 });
    await stub.reserve("order-cancel", 2, TTL);
    expect(await stub.release("order-cancel")).toMatchObject({ ok: true, replayed: false });
    expect(await stub.release("order-cancel")).toMatchObject({ ok: true, replayed: true });
    expect((await stub.state()).available).toBe(4);

    expect(await stub.release("order-never")).toMatchObject({ ok: true, hold: null });
    expect(await stub.reserve("order-never", 1, TTL)).toMatchObject({ ok: false, code: "hold_released" });
    expect(await stub.commit("order-unknown")).toMatchObject({ ok: false, code: "hold_not_found" });
  });

  it("re-reserves an expired hold under the same order when stock allows", async () => {
    const { id, stub } = await insertVariant({ stock: 2 });
    await stub.reserve("order-slow", 2, TTL);
    await lapseHolds(id);
    expect(await stub.reserve("order-slow", 2, TTL)).toMatchObject({ ok: true, replayed: false, hold: { status: "held" } });
    expect(await stub.commit("order-slow")).toMatchObject({ ok: true });
    expect(await stub.state()).toMatchObject({ on_hand: 0, held: 0 });
  });

  it("counts lapsed holds as available before their alarm has run", async () => {
    const { id, stub } = await insertVariant({ stock: 1 });
    await stub.reserve("order-gone", 1, TTL);
    await lapseHolds(id);
    expect(await stub.reserve("order-next", 1, TTL)).toMatchObject({ ok: true, state: { held: 1, available: 0 } });
    expect(await ledgerTotals(id)).toMatchObject({ on_hand: 1, held: 1, live_hold_qty: 1 });
  });

  it("refuses an adjustment that would take on_hand below what is held", async () => {
    const { stub } = await insertVariant({ stock: 10 });
    await stub.reserve("order-h", 6, TTL);
    expect(await stub.adjust({ set: 5 }, "recount", "admin-1")).toMatchObject({ ok: false, code: "below_held" });
    expect(await stub.adjust({ delta: -5 }, "damaged", "admin-1")).toMatchObject({ ok: false, code: "below_held" });
    expect(await stub.state()).toMatchObject({ on_hand: 10, held: 6 });
    expect(await stub.adjust({ delta: -4 }, "damaged", "admin-1")).toMatchObject({ ok: true, state: { on_hand: 6, available: 0 } });
    expect(await stub.adjust({ set: 20 }, "restock", "admin-1")).toMatchObject({ ok: true, state: { on_hand: 20, available: 14 } });
  });

  it("applies an adjustment once per key", async () => {
    const { id, stub } = await insertVariant({ stock: 1 });
    await stub.adjust({ delta: 5 }, "restock", "admin-1", "key-1");
    expect(await stub.adjust({ delta: 5 }, "restock", "admin-1", "key-1")).toMatchObject({ ok: true, replayed: true });
    expect((await stub.state()).on_hand).toBe(6);
    expect(await ledgerTotals(id)).toMatchObject({ on_hand: 6, rows: 2 });
  });

  it("knows nothing before it is initialized, and initializes once", async () => {
    const { id, stub } = await insertVariant();
    expect(await stub.snapshot()).toEqual({ variant_id: null, on_hand: 0, held: 0, available: 0, version: 0, holds: [] });
    expect(await stub.adjust({ delta: 1 }, "x", "a")).toMatchObject({ ok: false, code: "not_initialized" });
    expect(await stub.initialize(id, 7, "catalog")).toMatchObject({ replayed: false, state: { variant_id: id, on_hand: 7 } });
    expect(await stub.initialize(id, 9, "catalog")).toMatchObject({ replayed: true, state: { on_hand: 7 } });
  });
});
