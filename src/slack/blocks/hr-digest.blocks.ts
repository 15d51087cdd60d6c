import type { HrReport } from '../../core/reports/hr-report.ts';
import { HIDDEN_NOTE } from '../../core/privacy/index.ts';
import { formatFigure as fig, formatShare as share } from '../../reports/format.ts';

/** The digest file's title: carries the week, so a retry can find an upload that already happened. */
export function hrDigestTitle(week: string): string {
  return `HR rollout digest ${week}`;
}

/** The comment posted with the chart: headline figures of the protected report (mrkdwn). */
export function hrDigestText(report: HrReport, week: string): string {
  const h = report.headline;
  const latest = report.waves.at(-1);
  return [
    `*${hrDigestTitle(week)}*`,
    `On the roster ${fig(h.roster)} · took part ${fig(h.tookPart)} (${fig(h.coverage)}) · accepted ${share(h.acceptance)} invited`,
    `Attendance ${fig(h.attendance)} · continued ${share(h.continuation)} · value ${fig(h.value)} · ${report.connections.pairsBridged} team pairs bridged`,
    latest ? `Latest wave, ${latest.wave.name}: ${fig(latest.invited)} invited · ${fig(latest.inPods)} in pods · attendance ${fig(latest.attendance)}` : 'No wave has invited anyone yet.',
    `_${HIDDEN_NOTE}_ The full report is linked from the HR section of the peerpods home tab.`,
  ].join('\n');
}
