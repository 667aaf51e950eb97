import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

// Okabe-Ito: distinguishable with the common colour-vision deficiencies.
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];

export interface ChartSeries {
  label: string;
  values: (number | null)[];
}

/**
 * A line chart (uPlot, canvas). It is an illustration: the numbers it draws are also in the table beside it,
 * so the canvas is labelled as an image with a summary for screen readers.
 */
export function LineChart({ title, summary, times, series, unit }: { title: string; summary: string; times: number[]; series: ChartSeries[]; unit: string }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const data = [times, ...series.map((s) => s.values)] as uPlot.AlignedData;

  useEffect(() => {
    const element = box.current!;
    const width = () => Math.max(280, element.clientWidth);
    plot.current = new uPlot(
      {
        width: width(),
        height: 220,
        // Rates have gaps (minutes without calls): points show a minute that stands alone.
        series: [{}, ...series.map((s, i) => ({ label: s.label, stroke: PALETTE[i % PALETTE.length], fill: undefined, width: 2, points: { show: unit === '%', size: 5 }, value: (_: uPlot, v: number | null) => (v === null ? '—' : `${v.toFixed(unit === '%' ? 1 : 0)} ${unit}`) }))],
        axes: [{}, { label: unit, size: 60 }],
        scales: { y: { range: (_u: uPlot, _min: number, max: number) => [0, Math.max(unit === '%' ? 10 : 5, max * 1.1)] } },
        legend: { live: true },
        cursor: { focus: { prox: 16 } },
      },
      data,
      element,
    );
    const resize = new ResizeObserver(() => plot.current?.setSize({ width: width(), height: 220 }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.current?.destroy();
    };
  }, [series.map((s) => s.label).join()]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  return html`<figure class="chart">
    <figcaption>${title}</figcaption>
    <div ref=${box} role="img" aria-label=${`${title}. ${summary}`}></div>
  </figure>`;
}
