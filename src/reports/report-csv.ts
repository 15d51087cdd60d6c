import type { Figure } from '../core/reports/figures.ts';
import type { HrReport } from '../core/reports/hr-report.ts';

/**
 * The CSV export: the report's aggregates in long form, one figure per line, never a line about
 * an individual. Columns (documented in the README, checked by test/reports/report-csv.test.ts):
 * - `section`: headline | wave | team | connection
 * - `wave`, `wave_start`: the wave's name and Monday (wave lines)
 * - `team`: the team (team lines; the first team of a connection)
 * - `other_team`: the second team (connection lines)
 * - `measure`: what the figure is (see MEASURES)
 * - `value`: counts are people; shares and attendance 0–1 (3 decimals); value is the mean retro
 *   rating 1–5 (2 decimals); empty when hidden or when nobody is in its base
 * - `base_people`: how many people the figure is about (empty when hidden)
 * - `status`: shown | hidden (fewer than 5 people, or would reveal such a figure) | no_data
 */
export const CSV_COLUMNS = ['section', 'wave', 'wave_start', 'team', 'other_team', 'measure', 'value', 'base_people', 'status'] as const;

export const MEASURES = [
  'roster', 'took_part', 'coverage', 'invited', 'accepted', 'in_pods', 'declined', 'no_answer', 'acceptance',
  'attendance', 'continuation', 'value', 'coverage_to_date', 'people_connected', 'team_pairs_bridged',
] as const;

type Measure = (typeof MEASURES)[number];

const snake: Record<string, Measure> = {
  roster: 'roster', tookPart: 'took_part', coverage: 'coverage', invited: 'invited', accepted: 'accepted',
  inPods: 'in_pods', declined: 'declined', noAnswer: 'no_answer', acceptance: 'acceptance', attendance: 'attendance',
  continuation: 'continuation', value: 'value', coverageToDate: 'coverage_to_date',
};

function cell(text: string): string {
  return /[",\n\r]/.test(text) || /^[=+\-@\t]/.test(text) ? `"${text.replace(/^([=+\-@\t])/, "'$1").replace(/"/g, '""')}"` : text;
}

function valueOf(figure: Figure): [string, string, string] {
  if (figure.hidden) return ['', '', 'hidden'];
  const base = figure.base === null ? '' : String(figure.base);
  if (figure.value === null) return ['', base, 'no_data'];
  const v = figure.kind === 'count' ? String(figure.value) : figure.kind === 'value' ? figure.value.toFixed(2) : figure.value.toFixed(3);
  return [v, base, 'shown'];
}

export function hrReportCsv(report: HrReport): string {
  const lines: string[][] = [[...CSV_COLUMNS]];
  const add = (section: string, wave: [string, string], team: [string, string], measure: Measure, figure: Figure) =>
    lines.push([section, ...wave, ...team, measure, ...valueOf(figure)]);
  const figures = (row: object) => Object.entries(row).filter(([k]) => k in snake) as [string, Figure][];

  for (const [k, f] of figures(report.headline)) add('headline', ['', ''], ['', ''], snake[k]!, f);
  add('headline', ['', ''], ['', ''], 'people_connected', report.connections.total);
  lines.push(['headline', '', '', '', '', 'team_pairs_bridged', String(report.connections.pairsBridged), '', 'shown']);
  for (const w of report.waves) for (const [k, f] of figures(w)) add('wave', [w.wave.name, w.wave.startWeek], ['', ''], snake[k]!, f);
  for (const t of report.teams) for (const [k, f] of figures(t)) add('team', ['', ''], [t.team, ''], snake[k]!, f);
  const names = new Map(report.teams.map((t) => [t.teamId, t.team]));
  for (const c of report.connections.cells) {
    add('connection', ['', ''], [names.get(c.teamA) ?? '', names.get(c.teamB) ?? ''], 'people_connected', c.people);
  }
  return `${lines.map((line) => line.map(cell).join(',')).join('\r\n')}\r\n`;
}
