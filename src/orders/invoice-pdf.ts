import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from "pdf-lib";
import { formatMoney } from "../lib/money";
import { fitText, winAnsi } from "../lib/pdf-text";

export interface InvoiceLine {
  name: string;
  sku: string;
  variant: string;
  quantity: number;
  unitPrice: number;
  lineTotal: number;
}

export interface InvoiceData {
  shopName: string;
  invoiceNumber: string;
  issuedAt: Date;
  orderNumber: string;
  orderDate: Date;
  paymentStatus: string;
  buyer: { name: string; email: string; address: string[] };
  lines: InvoiceLine[];
  subtotal: number;
  discount: number;
  discountCode: string | null;
  shipping: number;
  tax: number;
  taxIncluded: boolean;
  total: number;
  currency: string;
}

const PAGE = { width: 595.28, height: 841.89, margin: 48 };
const COLUMNS = [
  { title: "Item", x: 48, width: 230 },
  { title: "SKU", x: 282, width: 90 },
  { title: "Qty", x: 376, width: 30, right: true },
  { title: "Unit price", x: 410, width: 65, right: true },
  { title: "Total", x: 479, width: 68, right: true },
] as const;
const GREY = rgb(0.4, 0.4, 0.4);

/** Renders an invoice: header, buyer, a line table that continues across pages, then the totals. */
export async function renderInvoicePdf(data: InvoiceData): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Invoice ${data.invoiceNumber}`);
  doc.setAuthor(data.shopName);
  doc.setCreationDate(data.issuedAt);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const money = (n: number) => formatMoney(n, data.currency);

  let page: PDFPage = doc.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.height - PAGE.margin;
  const text = (s: string, x: number, size = 10, f = font, color = rgb(0, 0, 0)) =>
    page.drawText(winAnsi(s), { x, y, size, font: f, color });
  const right = (s: string, xRight: number, size = 10, f = font) =>
    page.drawText(winAnsi(s), { x: xRight - f.widthOfTextAtSize(winAnsi(s), size), y, size, font: f });

  text(data.shopName, PAGE.margin, 18, bold);
  right("INVOICE", PAGE.width - PAGE.margin, 18, bold);
  y -= 26;
  for (const [label, value] of [
    ["Invoice", data.invoiceNumber],
    ["Issued", data.issuedAt.toISOString().slice(0, 10)],
    ["Order", data.orderNumber],
    ["Order date", data.orderDate.toISOString().slice(0, 10)],
    ["Payment", data.paymentStatus],
  ] as const) {
    text(`${label}:`, PAGE.margin, 10, bold);
    text(value, PAGE.margin + 80, 10);
    y -= 14;
  }
  y -= 8;
  text("Bill to", PAGE.margin, 11, bold);
  y -= 14;
  for (const line of [data.buyer.name, data.buyer.email, ...data.buyer.address].filter(Boolean)) {
    text(line, PAGE.margin, 10);
    y -= 13;
  }
  y -= 12;

  const header = () => {
    for (const col of COLUMNS) {
      if ("right" in col) right(col.title, col.x + col.width, 10, bold);
      else text(col.title, col.x, 10, bold);
    }
    y -= 6;
    page.drawLine({ start: { x: PAGE.margin, y }, end: { x: PAGE.width - PAGE.margin, y }, thickness: 0.5 });
    y -= 14;
  };
  header();
  for (const line of data.lines) {
    if (y < PAGE.margin + 40) {
      page = doc.addPage([PAGE.width, PAGE.height]);
      y = PAGE.height - PAGE.margin;
      text(`Invoice ${data.invoiceNumber} (continued)`, PAGE.margin, 10, font, GREY);
      y -= 20;
      header();
    }
    const [item, sku, qty, unit, total] = COLUMNS;
    text(fitText(line.name, font, 10, item.width), item.x);
    text(fitText(line.sku, font, 9, sku.width), sku.x, 9);
    right(String(line.quantity), qty.x + qty.width);
    right(money(line.unitPrice), unit.x + unit.width, 9);
    right(money(line.lineTotal), total.x + total.width, 9);
    if (line.variant) {
      y -= 11;
      text(fitText(line.variant, font, 8, item.width), item.x, 8, font, GREY);
    }
    y -= 16;
  }

  if (y < PAGE.margin + 110) {
    page = doc.addPage([PAGE.width, PAGE.height]);
    y = PAGE.height - PAGE.margin;
  }
  page.drawLine({ start: { x: 330, y: y + 6 }, end: { x: PAGE.width - PAGE.margin, y: y + 6 }, thickness: 0.5 });
  y -= 8;
  const totals: [string, string, PDFFont][] = [
    ["Subtotal", money(data.subtotal), font],
    ...(data.discount > 0
      ? ([[`Discount${data.discountCode ? ` (${data.discountCode})` : ""}`, `-${money(data.discount)}`, font]] as [string, string, PDFFont][])
      : []),
    ["Shipping", money(data.shipping), font],
    [data.taxIncluded ? "Tax (included)" : "Tax", money(data.tax), font],
    ["Total", money(data.total), bold],
  ];
  for (const [label, value, f] of totals) {
    text(label, 340, 10, f);
    right(value, PAGE.width - PAGE.margin, 10, f);
    y -= 15;
  }
  return doc.save();
}
