import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { invoices, orderItems } from "../db/schema";
import type { Env } from "../env";
import { boolVar } from "../lib/config";
import { AppError } from "../lib/errors";
import { newId } from "../lib/ids";
import type { Address } from "./schemas";
import { renderInvoicePdf } from "./invoice-pdf";
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

/** The PDF is generated once, kept in R2, and served from there afterwards. */
export async function invoicePdf(env: Env, db: Db, order: OrderRow): Promise<{ body: ReadableStream; filename: string }> {
  if (order.paidAt === null) throw new AppError(409, "invoice_unavailable", "An invoice is issued once the order is paid");
  const invoice = await invoiceFor(db, order);
  const filename = `${invoiceNumber(invoice.number)}.pdf`;
  const stored = await env.EXPORTS.get(invoice.r2Key);
  if (stored) return { body: stored.body, filename };

  const lines = await db.select().from(orderItems).where(eq(orderItems.orderId, order.id));
  const address = order.shippingAddress as Address;
  const bytes = await renderInvoicePdf({
    shopName: env.APP_NAME,
    invoiceNumber: invoiceNumber(invoice.number),
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
    subtotal: order.subtotal,
    discount: order.discount,
    discountCode: order.discountCode,
    shipping: order.shipping,
    tax: order.tax,
    taxIncluded: boolVar(env, "TAX_INCLUSIVE"),
    total: order.total,
    currency: order.currency,
  });
  await env.EXPORTS.put(invoice.r2Key, bytes, { httpMetadata: { contentType: "application/pdf" } });
  return { body: new Blob([bytes]).stream(), filename };
}
