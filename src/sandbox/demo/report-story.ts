import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ManualClock } from '../../platform/clock.ts';
import type { Runtime } from '../../platform/runtime.ts';
import { loadHrReport } from '../../reports/hr-report.service.ts';
import { reportUrlsFor } from '../../reports/report-links.service.ts';
import { openHome } from './wave-story.ts';

export interface ReportFigures {
  /** Paths of the report page and CSV the demo wrote. */
  html: string;
  csv: string;
  /** Figures the privacy module hid (under 5 people, or would reveal one). */
  suppressedCells: number;
}

/**
 * The last chapter: what HR sees. Prints the HR home summary, then opens the report page and
 * the CSV through a signed link, over HTTP from the app, as a browser would, and writes both
 * to files.
 */
export async function runReportStory(
  runtime: Runtime,
  clock: ManualClock,
  hr: { slackId: string; personId: string },
  say: (line: string) => void,
  outDir = path.resolve('.data/demo'),
): Promise<ReportFigures> {
  const slack = runtime.sandbox.slack!;
  const report = await loadHrReport(runtime.db, clock.now(), { fresh: true }); // what changed in earlier chapters
  await openHome(slack, hr.slackId);
  const view = slack.log.homeViews(hr.slackId).at(-1);
  const texts = (view?.blocks ?? []).flatMap((block) => {
    const b = block as { text?: { text?: string }; fields?: { text: string }[]; block_id?: string };
    return b.fields ? [b.fields.map((f) => f.text.replace('\n', ': ')).join(' · ')] : b.text?.text ? [b.text.text] : [];
  });
  const start = texts.findIndex((t) => t === 'Rollout across teams');
  for (const text of texts.slice(start)) for (const line of text.split('\n')) say(`HR home: ${line.replace(/[*_]/g, '')}`);

  const urls = reportUrlsFor(runtime.config, hr.personId, clock.now());
  if (!urls) throw new Error('the demo app has no public URL for the report link');
  const page = await fetch(urls.html);
  const file = await fetch(urls.csv);
  if (page.status !== 200 || file.status !== 200) throw new Error(`report link refused: HTTP ${page.status}/${file.status}`);
  mkdirSync(outDir, { recursive: true });
  const html = path.join(outDir, 'hr-report.html');
  const csv = path.join(outDir, 'hr-report.csv');
  writeFileSync(html, await page.text());
  writeFileSync(csv, await file.text());
  say(`HR report (signed link, ${urls.expiresInHours} h): ${html}`);
  say(`HR report CSV: ${csv} (${report.figures} figures, ${report.hiddenFigures} hidden to protect groups under 5 people)`);
  return { html, csv, suppressedCells: report.hiddenFigures };
}
