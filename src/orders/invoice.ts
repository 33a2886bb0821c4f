import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { invoices, orderItems } from "../db/schema";
import type { DbDeps, Env, Principal } from "../env";
import { boolVar } from "../lib/config";
import { AppError } from "../lib/errors";
import { newId } from "../lib/ids";
import type { Address } from "./schemas";
import { renderInvoicePdf } from "./invoice-pdf";
import { scopedStoreOf } from "./seller-scope";
import type { OrderRow } from "./views";

type InvoiceRow = typeof invoices.$inferSelect;

const invoiceNumber = (n: number) => `INV-${String(n).padStart(6, "0")}`;

/**
 * The order's invoice row, created on first request. Its number is MAX + 1 computed inside the
 * INSERT itself (one statement on a single-threaded database), so numbers have no gaps; the unique
 * order_id makes a concurrent second request read the first one's row instead. (`WHERE true` is
 * SQLite's required disambiguation of an upsert on INSERT … SELECT.)
 */
async function invoiceFor(db: Db, order: OrderRow): Promise<InvoiceRow> {
  const existing = await db.query.invoices.findFirst({ where: eq(invoices.orderId, order.id) });
  if (existing) return existing;
  await db.run(sql`INSERT INTO invoices (id, order_id, number, r2_key)
    SELECT ${newId()}, ${order.id}, COALESCE(MAX(number), 0) + 1, ${`invoices/${order.id}.pdf`} FROM invoices WHERE true
    ON CONFLICT (order_id) DO NOTHING`);
  const row = await db.query.invoices.findFirst({ where: eq(invoices.orderId, order.id) });
  if (!row) throw new Error("invoice row missing after insert");
  return row;
}

/**
 * The PDF is generated once, kept in R2, and served from there afterwards. A seller asking for a mixed
 * order's invoice gets their store's statement instead (seller-scope.ts): their lines and subtotal,
 * built each time and never stored, numbered after the order's invoice.
 */
export async function invoicePdf(
  deps: DbDeps,
  order: OrderRow,
  viewer?: Principal,
): Promise<{ body: ReadableStream; filename: string }> {
  const { env, db } = deps;
  if (order.paidAt === null) throw new AppError(409, "invoice_unavailable", "An invoice is issued once the order is paid");
  const invoice = await invoiceFor(db, order);
  const linesOf = () => db.select().from(orderItems).where(eq(orderItems.orderId, order.id));
  if (viewer?.role === "seller") {
    const all = await linesOf();
    const storeId = scopedStoreOf(viewer, all.map((l) => l.storeId));
    if (storeId) {
      const lines = all.filter((l) => l.storeId === storeId);
      const subtotal = lines.reduce((sum, l) => sum + l.lineTotal, 0);
      const number = `${invoiceNumber(invoice.number)}-${storeId.slice(0, 8).toUpperCase()}`;
      const amounts = { subtotal, discount: 0, discountCode: null, shipping: 0, tax: 0, total: subtotal };
      const bytes = await renderInvoice(env, order, { ...invoice, number }, lines, amounts);
      return { body: new Blob([bytes]).stream(), filename: `${number}.pdf` };
    }
  }
  const filename = `${invoiceNumber(invoice.number)}.pdf`;
  const stored = await env.EXPORTS.get(invoice.r2Key);
  if (stored) return { body: stored.body, filename };

  const bytes = await renderInvoice(env, order, { ...invoice, number: invoiceNumber(invoice.number) }, await linesOf(), order);
  await env.EXPORTS.put(invoice.r2Key, bytes, { httpMetadata: { contentType: "application/pdf" } });
  return { body: new Blob([bytes]).stream(), filename };
}

type ItemRow = typeof orderItems.$inferSelect;
type Amounts = Pick<OrderRow, "subtotal" | "discount" | "discountCode" | "shipping" | "tax" | "total">;

function renderInvoice(env: Env, order: OrderRow, invoice: { number: string; createdAt: number }, lines: ItemRow[], amounts: Amounts) {
  const address = order.shippingAddress as Address;
  return renderInvoicePdf({
    shopName: env.APP_NAME,
    invoiceNumber: invoice.number,
    issuedAt: new Date(invoice.createdAt),
    orderNumber: order.number,
    orderDate: new Date(order.createdAt),
    paymentStatus: order.paymentStatus,
    buyer: {
      name: address.name,
      email: order.email,
      address: [address.line1, address.line2 ?? "", `${address.city} ${address.postal_code}`, address.province ?? "", address.country].filter(Boolean),
    },
    lines: lines.map((l) => ({
      name: l.name,
      sku: l.sku,
      variant: [l.size, l.color].filter(Boolean).join(" / "),
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      lineTotal: l.lineTotal,
    })),
    subtotal: amounts.subtotal,
    discount: amounts.discount,
    discountCode: amounts.discountCode,
    shipping: amounts.shipping,
    tax: amounts.tax,
    taxIncluded: boolVar(env, "TAX_INCLUSIVE"),
    total: amounts.total,
    currency: order.currency,
  });
}
