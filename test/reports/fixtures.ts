import { orderItems, orders } from "../../src/db/schema";
import { db, insertVariant, nextId } from "../factories";

export interface FixtureLine {
  product: { id: string; storeId: string; categoryId: string; name: string; variantId: string; sku: string };
  quantity: number;
  unitPrice: number;
}

/** An order with its lines straight in D1 (checkout is built on another branch); money in IDR. */
export async function insertOrder(o: {
  at: string;
  status: string;
  lines: FixtureLine[];
  discount?: number;
  shipping?: number;
  refunded?: number;
  currency?: string;
}) {
  const id = nextId("ord");
  const subtotal = o.lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0);
  const discount = o.discount ?? 0;
  const shipping = o.shipping ?? 20_000;
  await db().batch([
    db()
      .insert(orders)
      .values({
        id,
        number: nextId("ORD").toUpperCase(),
        email: "buyer@example.com",
        status: o.status,
        currency: o.currency ?? "IDR",
        subtotal,
        discount,
        shipping,
        total: subtotal - discount + shipping,
        refundedAmount: o.refunded ?? 0,
        shippingAddress: { line1: "Jl. Test 1", city: "Jakarta" },
        createdAt: Date.parse(o.at),
      }),
    db()
      .insert(orderItems)
      .values(
        o.lines.map((l) => ({
          id: nextId("item"),
          orderId: id,
          variantId: l.product.variantId,
          productId: l.product.id,
          storeId: l.product.storeId,
          categoryId: l.product.categoryId,
          sku: l.product.sku,
          name: l.product.name,
          unitPrice: l.unitPrice,
          quantity: l.quantity,
          lineTotal: l.unitPrice * l.quantity,
        })),
      ),
  ]);
  return id;
}

/** A store, category and product with one live variant whose read model shows `available` units. */
export async function insertProduct(name: string, available: number, storeId?: string) {
  const v = await insertVariant({ name, categoryName: `Category of ${name}`, basePrice: 50_000, available, storeId });
  return { id: v.productId, storeId: v.storeId, categoryId: v.categoryId, name, variantId: v.id, sku: v.sku };
}

/**
 * The arithmetic fixture (docs/REPORTS.md works it through): two products in two stores, orders with a
 * discount that splits unevenly between stores, a partial and a full refund, and orders that never count
 * (cancelled, pending, expired, another currency). `year` keeps each test file's window its own.
 */
export async function salesFixture(year: number) {
  const shirt = await insertProduct("Batik shirt", 7);
  const cap = await insertProduct("Canvas cap", 9);
  const d = (day: string, time = "10:00:00") => `${year}-03-${day}T${time}Z`;
  // Monday: A (delivered, discount 13,001 over both stores) and B (partially refunded 20,000).
  await insertOrder({ at: d("04"), status: "delivered", discount: 13_001, lines: [{ product: shirt, quantity: 2, unitPrice: 50_000 }, { product: cap, quantity: 1, unitPrice: 30_000 }] });
  await insertOrder({ at: d("04", "15:30:00"), status: "partially_refunded", refunded: 20_000, lines: [{ product: shirt, quantity: 1, unitPrice: 50_000 }] });
  // Tuesday: C cancelled (excluded), D paid with a 10,000 discount.
  await insertOrder({ at: d("05"), status: "cancelled", lines: [{ product: shirt, quantity: 3, unitPrice: 50_000 }] });
  await insertOrder({ at: d("05", "23:59:59"), status: "paid", discount: 10_000, lines: [{ product: cap, quantity: 4, unitPrice: 30_000 }] });
  // Wednesday: pending, expired and a USD order, none counted.
  await insertOrder({ at: d("06"), status: "pending_payment", lines: [{ product: shirt, quantity: 1, unitPrice: 50_000 }] });
  await insertOrder({ at: d("06"), status: "expired", lines: [{ product: shirt, quantity: 1, unitPrice: 50_000 }] });
  await insertOrder({ at: d("06"), status: "paid", currency: "USD", lines: [{ product: shirt, quantity: 1, unitPrice: 5_000 }] });
  // Next Monday: G fully refunded, shipping included (80,000 back on 60,000 of goods).
  await insertOrder({ at: d("11"), status: "refunded", refunded: 80_000, lines: [{ product: cap, quantity: 2, unitPrice: 30_000 }] });
  return { shirt, cap, from: `${year}-03-01`, to: `${year}-03-31` };
}
