import type { HrReport } from '../core/reports/hr-report.ts';
import { reportCharts } from './report-charts.ts';
import { hrReportCsv } from './report-csv.ts';
import { hrReportPage } from './report-page.ts';

// Rendered files belong to one built report, like its charts: a report is rebuilt only when the
// rollup, the waves or the teams moved (hr-report.service.ts), so until then every viewer gets
// the same bytes and only the link inside the page differs.
const csvs = new WeakMap<HrReport, string>();
const pages = new WeakMap<HrReport, Promise<string>>();

/** Where the page's CSV link goes, filled in per viewer (the slot has nothing the page escapes). */
const CSV_HREF_SLOT = 'peerpods-csv-href-slot';

export function reportCsvFile(report: HrReport): string {
  let csv = csvs.get(report);
  if (csv === undefined) {
    csv = hrReportCsv(report);
    csvs.set(report, csv);
  }
  return csv;
}

/** The report page for one viewer: rendered once per built report, with this viewer's CSV link. */
export async function reportPageFile(report: HrReport, csvHref: string): Promise<string> {
  let page = pages.get(report);
  if (!page) {
    page = reportCharts(report).then((charts) => hrReportPage(report, charts, CSV_HREF_SLOT));
    pages.set(report, page);
    page.catch(() => pages.delete(report));
  }
  const href = csvHref.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  return (await page).replace(CSV_HREF_SLOT, () => href);
}
