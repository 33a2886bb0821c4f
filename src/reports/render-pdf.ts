import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from "pdf-lib";
import { formatAmount } from "../lib/money";
import { fitText, winAnsi } from "../lib/pdf-text";
import { isoDate, isoDateTime } from "./format";
import { type Cell, type Column, headerOf, type ReportTable } from "./table";

/** A4 landscape: wide enough for the orders table's ten columns. */
const PAGE = { width: 841.89, height: 595.28, margin: 36 };
const ROW_HEIGHT = 14;
const FONT_SIZE = 8;
const CHART_HEIGHT = 170;
const GREY = rgb(0.45, 0.45, 0.45);
const BAR = rgb(0.2, 0.4, 0.75);
const TABLE_WIDTH = PAGE.width - 2 * PAGE.margin;

/** Cuts a cell's text to its column's width (".." marks the cut). */
const clip = (text: string, font: PDFFont, width: number) => fitText(text, font, FONT_SIZE, width, "..");

function display(cell: Cell, column: Column, currency: string): string {
  if (cell === null) return "";
  if (typeof cell === "string") return cell;
  if (column.type === "money") return formatAmount(cell, currency);
  if (column.type === "date") return isoDateTime(cell).replace("T", " ");
  return cell.toLocaleString("en-US");
}

interface Layout {
  x: number[];
  widths: number[];
}

function layoutOf(columns: Column[]): Layout {
  const total = columns.reduce((s, c) => s + c.width, 0);
  const widths = columns.map((c) => (c.width / total) * TABLE_WIDTH);
  const x = widths.map((_, i) => PAGE.margin + widths.slice(0, i).reduce((s, w) => s + w, 0));
  return { x, widths };
}

function drawRow(page: PDFPage, y: number, texts: string[], columns: Column[], layout: Layout, font: PDFFont) {
  texts.forEach((text, i) => {
    const width = layout.widths[i]! - 6;
    const shown = clip(text, font, width);
    const right = columns[i]!.type !== "text";
    const x = right ? layout.x[i]! + width - font.widthOfTextAtSize(shown, FONT_SIZE) : layout.x[i]!;
    page.drawText(shown, { x, y, size: FONT_SIZE, font });
  });
}

function drawChart(page: PDFPage, top: number, chart: NonNullable<ReportTable["chart"]>, currency: string, font: PDFFont, bold: PDFFont) {
  page.drawText(chart.title, { x: PAGE.margin, y: top, size: 10, font: bold });
  const base = top - CHART_HEIGHT;
  const height = CHART_HEIGHT - 30;
  const max = Math.max(1, ...chart.bars.map((b) => b.value));
  const slot = TABLE_WIDTH / Math.max(1, chart.bars.length);
  const labelEvery = Math.ceil(chart.bars.length / 24);
  page.drawText(formatAmount(max, currency), { x: PAGE.margin, y: base + height + 4, size: 7, font, color: GREY });
  page.drawLine({ start: { x: PAGE.margin, y: base }, end: { x: PAGE.width - PAGE.margin, y: base }, color: GREY, thickness: 0.5 });
  chart.bars.forEach((bar, i) => {
    const h = (Math.max(0, bar.value) / max) * height;
    page.drawRectangle({ x: PAGE.margin + i * slot + slot * 0.15, y: base, width: Math.max(0.5, slot * 0.7), height: h, color: BAR });
    if (i % labelEvery === 0) page.drawText(winAnsi(bar.label), { x: PAGE.margin + i * slot, y: base - 10, size: 6, font, color: GREY });
  });
  return base - 24;
}

/** Title, period, an optional bar chart, then the table continued across pages with its header repeated. */
export async function renderPdf(table: ReportTable, generatedAt: Date): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`${table.title}, ${table.period}`);
  doc.setCreationDate(generatedAt);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const layout = layoutOf(table.columns);
  const headers = table.columns.map((c) => headerOf(c, table.currency));
  const text = (row: Cell[]) => row.map((cell, i) => display(cell, table.columns[i]!, table.currency));

  let page = doc.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.height - PAGE.margin - 14;
  page.drawText(winAnsi(table.title), { x: PAGE.margin, y, size: 16, font: bold });
  y -= 18;
  page.drawText(winAnsi(`Period: ${table.period}`), { x: PAGE.margin, y, size: 10, font });
  page.drawText(`Generated ${isoDate(generatedAt.getTime())}`, { x: PAGE.width - PAGE.margin - 110, y, size: 8, font, color: GREY });
  y -= 28;
  if (table.chart && table.chart.bars.length > 0) y = drawChart(page, y, table.chart, table.currency, font, bold);

  const header = () => {
    drawRow(page, y, headers, table.columns, layout, bold);
    page.drawLine({ start: { x: PAGE.margin, y: y - 4 }, end: { x: PAGE.width - PAGE.margin, y: y - 4 }, thickness: 0.5 });
    y -= ROW_HEIGHT + 2;
  };
  header();
  const body = table.totals ? [...table.rows, table.totals] : table.rows;
  body.forEach((row, i) => {
    if (y < PAGE.margin + ROW_HEIGHT) {
      page = doc.addPage([PAGE.width, PAGE.height]);
      y = PAGE.height - PAGE.margin - 10;
      header();
    }
    const isTotals = table.totals !== null && i === body.length - 1;
    drawRow(page, y, text(row), table.columns, layout, isTotals ? bold : font);
    y -= ROW_HEIGHT;
  });

  const pages = doc.getPages();
  pages.forEach((p, i) =>
    p.drawText(`Page ${i + 1} of ${pages.length}`, { x: PAGE.width - PAGE.margin - 60, y: PAGE.margin / 2, size: 7, font, color: GREY }),
  );
  return doc.save();
}
