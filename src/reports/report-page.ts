import { HIDDEN_NOTE } from '../core/privacy/index.ts';
import type { ChartSpec } from '../core/reports/chart-specs.ts';
import type { HrReport } from '../core/reports/hr-report.ts';
import { formatFigure as fig, formatShare as share } from './format.ts';

const esc = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const TOP_PAIRS = 30;

/** The HR report page: headline, the four charts (SVG rendered on the server), and the tables. */
export function hrReportPage(report: HrReport, charts: { chart: ChartSpec; svg: string }[], csvHref: string): string {
  const h = report.headline;
  const names = new Map(report.teams.map((t) => [t.teamId, t.team]));
  const headline: [string, string][] = [
    ['On the roster', fig(h.roster)], ['Took part', `${fig(h.tookPart)} (${fig(h.coverage)})`],
    ['Accepted an invite', share(h.acceptance)], ['Attendance', fig(h.attendance)],
    ['Pods that continued', share(h.continuation)], ['Value (retro rating)', fig(h.value)],
    ['Teams in a wave', `${h.teamsInWaves} of ${h.teams}`], ['Team pairs bridged', String(report.connections.pairsBridged)],
    ['Cross-team connections', fig(report.connections.total)],
  ];
  const waveRows = report.waves.map((w) => `<tr><th>${esc(w.wave.name)}<br><small>${esc(w.wave.startWeek)}</small></th>` +
    [w.invited, w.accepted, w.inPods, w.declined, w.noAnswer, w.acceptance, w.attendance, w.continuation, w.value, w.coverageToDate]
      .map((f) => `<td>${esc(fig(f))}</td>`).join('') + '</tr>').join('\n');
  const teamRows = report.teams.map((t) => `<tr><th>${esc(t.team)}</th>` +
    [t.roster, t.tookPart, t.coverage, t.invited, t.acceptance, t.attendance, t.continuation, t.value]
      .map((f) => `<td>${esc(fig(f))}</td>`).join('') + '</tr>').join('\n');
  const pairs = report.connections.cells.filter((c) => !c.people.hidden).slice(0, TOP_PAIRS)
    .map((c) => `<tr><th>${esc(names.get(c.teamA) ?? '?')} × ${esc(names.get(c.teamB) ?? '?')}</th><td>${esc(fig(c.people))}</td></tr>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>peerpods · HR rollout report</title>
<style>
body{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;margin:2rem auto;max-width:1100px;color:#1d1d1d;padding:0 1rem}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}
.headline{display:grid;grid-template-columns:repeat(4,1fr);gap:.75rem}
.headline div{background:#f3f6f8;border-radius:6px;padding:.6rem .8rem}.headline b{display:block;font-size:1.3rem}
.charts{display:grid;grid-template-columns:1fr;gap:1.5rem}figure{margin:0}figcaption{font-weight:bold;margin-bottom:.4rem}
table{border-collapse:collapse;font-size:.85rem;margin-top:.5rem}td,th{border-bottom:1px solid #e3e3e3;padding:.25rem .6rem;text-align:right}
th{text-align:left;font-weight:normal}thead th{font-weight:bold}.note{color:#555;font-size:.85rem}
</style></head>
<body>
<h1>Rollout across teams and waves</h1>
<p class="note">Generated ${esc(report.generatedAt.replace('T', ' ').slice(0, 16))} UTC · ${report.hiddenFigures} of ${report.figures} figures hidden ·
<a href="${esc(csvHref)}" download>Download CSV</a></p>
<section class="headline">${headline.map(([k, v]) => `<div>${esc(k)}<b>${esc(v)}</b></div>`).join('')}</section>
<h2>Charts</h2>
<section class="charts">
${charts.map(({ chart, svg }) => `<figure data-chart="${chart.id}"><figcaption>${esc(chart.title)}</figcaption>${svg}</figure>`).join('\n')}
</section>
<h2>By wave</h2>
<table><thead><tr><th>wave</th><th>invited</th><th>accepted</th><th>in pods</th><th>declined</th><th>no answer</th><th>acceptance</th><th>attendance</th><th>continued</th><th>value</th><th>coverage to date</th></tr></thead>
<tbody>${waveRows || '<tr><td colspan="11">No wave has invited anyone yet.</td></tr>'}</tbody></table>
<h2>By team</h2>
<table><thead><tr><th>team</th><th>roster</th><th>took part</th><th>coverage</th><th>invited</th><th>acceptance</th><th>attendance</th><th>continued</th><th>value</th></tr></thead>
<tbody>${teamRows}</tbody></table>
<h2>Team pairs with the most people connected</h2>
<table><tbody>${pairs || '<tr><td>None shown yet.</td></tr>'}</tbody></table>
<p class="note">${esc(HIDDEN_NOTE)} Attendance is the share of held sessions attended; value is the mean retro rating (1–5);
continued is the share of people whose pod's round ended who chose another round. A connection is a person who shared a pod
with someone of another team, counted once per pair of teams; teams where fewer than 5 people took part are left out of the map. Teams are today's. Individual answers are never shown.</p>
</body></html>
`;
}
