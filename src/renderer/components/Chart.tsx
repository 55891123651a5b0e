import { useEffect, useRef } from 'react';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

// Only what the office's charts draw: bars on a grid with a legend, as SVG (crisp on a projector, no canvas sizing).
echarts.use([BarChart, GridComponent, LegendComponent, SVGRenderer]);

/**
 * An ECharts chart from plain options (src/shared/charts.ts: the same options the PDF summary draws). Bundled with
 * the app, never from a CDN. The options are replaced whole on every change, so a polled screen only redraws.
 */
const fontOf = (option: Record<string, unknown>): string => ((option.textStyle as { fontFamily?: string } | undefined)?.fontFamily ?? 'sans-serif');

export function Chart({ option, label, height }: { option: Record<string, unknown>; label: string; height: number }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  const latest = useRef(option);
  latest.current = option;

  useEffect(() => {
    const element = box.current;
    if (element === null) return;
    let c: echarts.ECharts | null = null;
    let resize: ResizeObserver | null = null;
    let gone = false;
    // ECharts measures its labels once per font and keeps the widths: it starts only when the app's face is loaded,
    // or a legend laid out with a fallback's widths would overlap for good.
    void document.fonts.load(`16px "${fontOf(latest.current)}"`).finally(() => {
      if (gone) return;
      c = echarts.init(element, null, { renderer: 'svg' });
      chart.current = c;
      c.setOption(latest.current, { notMerge: true });
      resize = new ResizeObserver(() => c?.resize());
      resize.observe(element);
    });
    return () => {
      gone = true;
      resize?.disconnect();
      c?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={box} className="chart" role="img" aria-label={label} style={{ height }} />;
}
