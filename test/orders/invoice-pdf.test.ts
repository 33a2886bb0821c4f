import { describe, expect, it } from "vitest";
import { renderInvoicePdf, type InvoiceData } from "../../src/orders/invoice-pdf";
import { pdfText } from "../support/pdf-text";

const base: InvoiceData = {
  shopName: "Edge Commerce",
  invoiceNumber: "INV-000042",
  issuedAt: new Date("2026-11-23T10:00:00Z"),
  orderNumber: "ORD-20261123-7KQ2M",
  orderDate: new Date("2026-11-23T09:00:00Z"),
  paymentStatus: "paid",
  buyer: { name: "Sari Wulandari", email: "sari@example.com", address: ["Jl. Merdeka 1", "Bandung 40111", "ID"] },
  lines: [
    { name: "Kaos Polos Hitam", sku: "KPH-M-BLK", variant: "M / Black", quantity: 2, unitPrice: 129900, lineTotal: 259800 },
    { name: "Kopi Gayo 250g ☕", sku: "KG-250", variant: "", quantity: 1, unitPrice: 85000, lineTotal: 85000 },
  ],
  subtotal: 344800,
  discount: 34480,
  discountCode: "HEMAT10",
  shipping: 0,
  tax: 30755,
  taxIncluded: true,
  total: 310320,
  currency: "IDR",
};

describe("invoice PDF", () => {
  it("shows the order number, every line and the totals", async () => {
    const bytes = await renderInvoicePdf(base);
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe("%PDF-");
    const text = await pdfText(bytes);
    for (const expected of ["INV-000042", "ORD-20261123-7KQ2M", "Kaos Polos Hitam", "KPH-M-BLK", "Kopi Gayo 250g ?", "IDR 259,800", "Discount (HEMAT10)", "-IDR 34,480", "IDR 310,320", "sari@example.com"]) {
      expect(text).toContain(expected);
    }
  });

  it("continues a long order across pages", async () => {
    const lines = Array.from({ length: 80 }, (_, i) => ({ ...base.lines[0]!, sku: `SKU-${i}` }));
    const bytes = await renderInvoicePdf({ ...base, lines });
    const text = await pdfText(bytes);
    expect(text).toContain("SKU-79");
    expect(text).toContain("(continued)");
  });
});
