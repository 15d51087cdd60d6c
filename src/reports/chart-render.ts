import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { ChartSpec } from '../core/reports/chart-specs.ts';

/** A Vega-Lite spec rendered to SVG on the server (no browser, no canvas). */
export async function renderSvg(chart: ChartSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(chart.spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The SVG as a PNG (for the Slack digest, where SVG is not shown inline). */
export function svgToPng(svg: string, width = 1200): Buffer {
  return new Resvg(svg, { fitTo: { mode: 'width', value: width }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' }, background: 'white' })
    .render()
    .asPng();
}
