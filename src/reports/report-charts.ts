import { hrChartSpecs, type ChartSpec } from '../core/reports/chart-specs.ts';
import type { HrReport } from '../core/reports/hr-report.ts';
import { renderSvg } from './chart-render.ts';

export interface RenderedChart {
  chart: ChartSpec;
  svg: string;
}

// Charts belong to one built report: while the report snapshot serves, so do its charts.
const rendered = new WeakMap<HrReport, Promise<RenderedChart[]>>();

/** The report's four charts as SVG, rendered once per built report. */
export function reportCharts(report: HrReport): Promise<RenderedChart[]> {
  let charts = rendered.get(report);
  if (!charts) {
    charts = Promise.all(hrChartSpecs(report).map(async (chart) => ({ chart, svg: await renderSvg(chart) })));
    rendered.set(report, charts);
    charts.catch(() => rendered.delete(report));
  }
  return charts;
}
