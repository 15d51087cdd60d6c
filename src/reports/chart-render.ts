import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { ChartSpec } from '../core/reports/chart-specs.ts';

const DATA = 'figures';

/**
 * Compiled and parsed charts by their shape (the spec without its data): compiling Vega-Lite
 * and parsing Vega cost more than drawing, and a chart's shape never changes between builds,
 * only the figures it draws, which are bound to the view at render time.
 */
const parsed = new Map<string, vega.Runtime>();

function runtimeOf(shape: object): vega.Runtime {
  const key = JSON.stringify(shape);
  let runtime = parsed.get(key);
  if (!runtime) {
    runtime = vega.parse(compile({ ...shape, data: { name: DATA } } as Parameters<typeof compile>[0]).spec);
    parsed.set(key, runtime);
  }
  return runtime;
}

/** A Vega-Lite spec rendered to SVG on the server (no browser, no canvas). */
export async function renderSvg(chart: ChartSpec): Promise<string> {
  const { data, ...shape } = chart.spec as { data?: { values?: unknown[] } };
  const values = data?.values;
  const view = values
    ? new vega.View(runtimeOf(shape), { renderer: 'none' }).data(DATA, values as object[])
    : new vega.View(vega.parse(compile(chart.spec).spec), { renderer: 'none' });
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
