import type { KnownBlock } from '@slack/types';
import { HIDDEN_NOTE } from '../../core/privacy/index.ts';
import type { HrReport } from '../../core/reports/hr-report.ts';
import { formatFigure as fig, formatShare as share } from '../../reports/format.ts';
import type { ReportUrls } from '../../reports/report-links.service.ts';
import { context, escape, header, section } from './common.ts';

const MAX_WAVES = 4;
const MAX_TEAMS = 12;

/**
 * The HR home summary: headline figures, the latest waves and the largest teams, all from the
 * one protected report (so the home shows a subset of what the report shows), and the signed
 * links to the full report and CSV. Stays well inside Slack's limits: 8 blocks at most, no
 * section text over 3,000 characters.
 */
export function hrHomeBlocks(report: HrReport, urls: ReportUrls | undefined): KnownBlock[] {
  const h = report.headline;
  const blocks: KnownBlock[] = [
    header('Rollout across teams'),
    {
      type: 'section',
      fields: [
        `*On the roster*\n${fig(h.roster)} people`,
        `*Took part*\n${fig(h.tookPart)} (${fig(h.coverage)})`,
        `*Accepted an invite*\n${share(h.acceptance)} invited`,
        `*Attendance*\n${fig(h.attendance)} of sessions`,
        `*Pods that continued*\n${share(h.continuation)} whose round ended`,
        `*Value (retro rating)*\n${fig(h.value)}`,
        `*Teams in a wave*\n${h.teamsInWaves} of ${h.teams}`,
        `*Team pairs bridged*\n${report.connections.pairsBridged}`,
      ].map((text) => ({ type: 'mrkdwn' as const, text })),
    },
  ];
  if (report.waves.length) {
    const lines = report.waves.slice(-MAX_WAVES).map((w) =>
      `*${escape(w.wave.name)}*: ${fig(w.invited)} invited · ${fig(w.accepted)} accepted · ${fig(w.inPods)} in pods · ` +
      `attendance ${fig(w.attendance)} · continued ${fig(w.continuation)} · value ${fig(w.value)}`);
    const more = report.waves.length > MAX_WAVES ? `\n_${report.waves.length - MAX_WAVES} earlier waves in the report_` : '';
    blocks.push(section(`*By wave*\n${lines.join('\n')}${more}`));
  } else {
    blocks.push(section('*By wave*\nNo wave has invited anyone yet.'));
  }
  const teams = report.teams.slice(0, MAX_TEAMS).map((t) =>
    `*${escape(t.team)}*: ${fig(t.roster)} people · took part ${fig(t.tookPart)} (${fig(t.coverage)}) · attendance ${fig(t.attendance)}`);
  if (teams.length) {
    const more = report.teams.length > MAX_TEAMS ? `\n_…and ${report.teams.length - MAX_TEAMS} more teams in the report_` : '';
    blocks.push(section(`*Largest teams*\n${teams.join('\n')}${more}`));
  }
  if (urls) {
    blocks.push({
      type: 'actions',
      block_id: 'hr_report',
      elements: [
        { type: 'button', text: { type: 'plain_text', text: 'Open the report' }, url: urls.html, action_id: 'hr_report_open', style: 'primary' },
        { type: 'button', text: { type: 'plain_text', text: 'Download CSV' }, url: urls.csv, action_id: 'hr_report_csv' },
      ],
    });
  }
  blocks.push(context(
    `${HIDDEN_NOTE} Individual answers are never shown.` +
      (urls ? ` Links are yours alone and work for ${urls.expiresInHours} h.` : ' Set PUBLIC_URL to link the full report here.'),
  ));
  return blocks;
}
