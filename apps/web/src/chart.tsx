import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** A small line chart (uPlot): one series over time. */
export function LineChart({ title, times, values, format }: { title: string; times: number[]; values: (number | null)[]; format?: (v: number) => string }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return;
    const width = Math.max(240, element.current.clientWidth || 320);
    const plot = new uPlot(
      {
        title,
        width,
        height: 180,
        legend: { show: false },
        scales: { x: { time: true } },
        axes: [{}, { values: (_u, ticks) => ticks.map((v) => (format ? format(v) : String(v))), size: 60 }],
        series: [{}, { label: title, stroke: '#2563eb', width: 2, fill: 'rgba(37,99,235,0.12)', points: { show: true, size: 5 } }],
      },
      [times, values as number[]],
      element.current,
    );
    return () => plot.destroy();
  }, [title, JSON.stringify(times), JSON.stringify(values)]);
  return <div className="chart" ref={element} data-chart={title} />;
}
