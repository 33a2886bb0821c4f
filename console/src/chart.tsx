/** A uPlot chart (bundled, no CDN) sized to its container, redrawn when its data changes. */
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";

export interface Series {
  label: string;
  values: number[];
  color: string;
  bars?: boolean;
}

export function Chart({ labels, series, title }: { labels: string[]; series: Series[]; title: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || labels.length === 0) return;
    const bars = uPlot.paths.bars?.({ size: [0.6, 40] });
    const plot = new uPlot(
      {
        width: el.clientWidth || 600,
        height: 260,
        title,
        scales: { x: { time: false } },
        axes: [{ values: (_u, ticks) => ticks.map((t) => labels[t] ?? "") }, { size: 70 }],
        series: [{ label: "Period", value: (_u, v) => labels[v] ?? "" }, ...series.map((s) => ({ label: s.label, stroke: s.color, fill: s.bars ? `${s.color}55` : undefined, width: 2, ...(s.bars && bars ? { paths: bars, points: { show: false } } : {}) }))],
      },
      [labels.map((_, i) => i), ...series.map((s) => s.values)],
      el,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: el.clientWidth, height: 260 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [labels, series, title]);
  return (
    <figure class="chart" aria-label={title}>
      <div ref={box} />
      {labels.length === 0 && <figcaption class="muted">No data in this range.</figcaption>}
    </figure>
  );
}
