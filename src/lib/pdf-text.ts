import type { PDFFont } from "pdf-lib";

/**
 * The standard PDF fonts encode WinAnsi only; any other character becomes "?" instead of making pdf-lib throw.
 * NFKC first, so compatibility forms (ligatures, full-width letters) keep their plain letters.
 */
export const winAnsi = (s: string) => s.normalize("NFKC").replace(/[^\x20-\x7e\xa0-\xff]/g, "?");

/** The longest prefix of the text that fits the width with `ellipsis` after it, or the whole text if it fits. */
export function fitText(text: string, font: PDFFont, size: number, width: number, ellipsis = "..."): string {
  const full = winAnsi(text);
  if (font.widthOfTextAtSize(full, size) <= width) return full;
  // Binary search on the prefix length: report tables fit tens of thousands of cells.
  let low = 0;
  let high = full.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (font.widthOfTextAtSize(`${full.slice(0, mid)}${ellipsis}`, size) <= width) low = mid;
    else high = mid - 1;
  }
  return `${full.slice(0, low)}${ellipsis}`;
}
