/** Sales and products reports with charts, and exports (csv, xlsx, pdf): queued → done, then download. */
import { useEffect, useMemo, useState } from "preact/hooks";
import type { components } from "../../../client/index.ts";
import { call, download, shop } from "../api";
import { Chart } from "../chart";
import { FilterForm } from "../filter-form";
import { isoDay, money } from "../format";
import { SelectField } from "../select-field";
import { Table } from "../table";
import { ErrorBox, Page, useAction, useLoad } from "../ui";

type Export = components["schemas"]["ReportExport"];
type ExportRequest = components["schemas"]["ExportRequest"];
type GroupBy = "day" | "week" | "month";
const GROUPINGS: GroupBy[] = ["day", "week", "month"];
const REPORTS: ExportRequest["report"][] = ["sales", "products", "orders"];
const FORMATS: ExportRequest["format"][] = ["xlsx", "csv", "pdf"];

const daysAgo = (n: number) => isoDay(new Date(Date.now() - n * 86_400_000));

export function Reports() {
  const [range, setRange] = useState({ from: daysAgo(29), to: isoDay(new Date()), group_by: "day" as GroupBy });
  const [draft, setDraft] = useState(range);
  const sales = useLoad(() => call(() => shop.GET("/api/v1/admin/reports/sales", { params: { query: range } })), [range]);
  const products = useLoad(() => call(() => shop.GET("/api/v1/admin/reports/products", { params: { query: { from: range.from, to: range.to } } })), [range]);
  const salesSeries = useMemo(() => {
    const periods = sales.data?.periods ?? [];
    return {
      labels: periods.map((p) => p.period),
      series: [
        { label: "Net", values: periods.map((p) => p.net), color: "#2563eb", bars: true },
        { label: "Gross", values: periods.map((p) => p.gross), color: "#16a34a" },
      ],
    };
  }, [sales.data]);
  const productSeries = useMemo(() => {
    const best = products.data?.best_sellers ?? [];
    return { labels: best.map((p) => p.name), series: [{ label: "Units", values: best.map((p) => p.units), color: "#9333ea", bars: true }] };
  }, [products.data]);
  const currency = sales.data?.currency ?? "IDR";

  return (
    <Page title="Reports">
      <FilterForm onApply={() => setRange(draft)}>
        <label>
          From
          <input type="date" required value={draft.from} onInput={(e) => setDraft({ ...draft, from: e.currentTarget.value })} />
        </label>
        <label>
          To
          <input type="date" required value={draft.to} onInput={(e) => setDraft({ ...draft, to: e.currentTarget.value })} />
        </label>
        <SelectField label="Group by" value={draft.group_by} options={GROUPINGS} onChange={(group_by) => setDraft({ ...draft, group_by })} />
      </FilterForm>
      <ErrorBox error={sales.error ?? products.error} />
      <div class="grid two">
        <section class="card" aria-labelledby="sales-title">
          <h2 id="sales-title">Sales</h2>
          {sales.data && (
            <p>
              {sales.data.totals.orders} orders · {sales.data.totals.units} units · net {money(sales.data.totals.net, currency)}
            </p>
          )}
          <Chart title={`Net and gross by ${range.group_by}`} {...salesSeries} />
        </section>
        <section class="card" aria-labelledby="products-title">
          <h2 id="products-title">Best sellers</h2>
          <Chart title="Units sold" {...productSeries} />
          <Table columns={["Product", { label: "Units", num: true }, { label: "Revenue", num: true }, { label: "Stock left", num: true }]}>
            {(products.data?.best_sellers ?? []).map((p) => (
              <tr key={p.product_id}>
                <td>{p.name}</td>
                <td class="num">{p.units}</td>
                <td class="num">{money(p.revenue, products.data?.currency ?? currency)}</td>
                <td class="num">{p.stock_left}</td>
              </tr>
            ))}
          </Table>
        </section>
      </div>
      <Exports from={range.from} to={range.to} groupBy={range.group_by} />
    </Page>
  );
}

function Exports({ from, to, groupBy }: { from: string; to: string; groupBy: GroupBy }) {
  const [report, setReport] = useState<ExportRequest["report"]>("sales");
  const [format, setFormat] = useState<ExportRequest["format"]>("xlsx");
  const [exports, setExports] = useState<Export[]>([]);
  const action = useAction();

  // Polls unfinished exports until the queue consumer marks them done or failed.
  const pending = exports.filter((e) => e.status === "queued" || e.status === "running").map((e) => e.id);
  useEffect(() => {
    if (pending.length === 0) return;
    const timer = setTimeout(async () => {
      const fresh = await Promise.all(pending.map((id) => call(() => shop.GET("/api/v1/admin/reports/exports/{id}", { params: { path: { id } } })).catch(() => undefined)));
      setExports((list) => list.map((e) => fresh.find((f) => f?.id === e.id) ?? e));
    }, 1000);
    return () => clearTimeout(timer);
  }, [exports]);

  const queue = (e: Event) => {
    e.preventDefault();
    void action.run(async () => {
      const body: ExportRequest = { report, format, from, to, ...(report === "sales" ? { group_by: groupBy } : {}) };
      const created = await call(() => shop.POST("/api/v1/admin/reports/exports", { body }));
      setExports((list) => [created, ...list]);
    });
  };

  return (
    <section class="card" aria-labelledby="exports-title">
      <h2 id="exports-title">Exports</h2>
      <form class="inline-form" onSubmit={queue}>
        <SelectField label="Report" value={report} options={REPORTS} onChange={setReport} />
        <SelectField label="Format" value={format} options={FORMATS} onChange={setFormat} />
        <span class="muted">
          {from} to {to}
        </span>
        <button type="submit" disabled={action.busy}>
          Queue export
        </button>
      </form>
      <ErrorBox error={action.error} />
      <ul class="exports" data-testid="exports" aria-live="polite">
        {exports.map((x) => (
          <li key={x.id} data-status={x.status}>
            <span>
              {x.report}.{x.format} ({String(x.params.from ?? "")} to {String(x.params.to ?? "")})
            </span>
            <span class={`badge ${x.status}`}>{x.status}</span>
            {x.status === "done" && x.download_url && (
              <button onClick={() => action.run(() => download(x.download_url ?? "", `${x.report}.${x.format}`))}>Download {x.format}</button>
            )}
            {x.status === "failed" && <span class="error">{x.error}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
