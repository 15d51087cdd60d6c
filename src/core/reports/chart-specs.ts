import type { TopLevelSpec } from 'vega-lite';
import type { HrReport } from './hr-report.ts';

/** At most this many teams in a chart (the largest); the tables and CSV have every team. */
export const CHART_TEAMS = 25;

export interface ChartSpec {
  id: 'coverage' | 'funnel' | 'trend' | 'connections';
  title: string;
  spec: TopLevelSpec;
}

const font = 'DejaVu Sans, Helvetica, Arial, sans-serif';
const base = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  background: 'white',
  config: { font, view: { stroke: null }, axis: { labelFontSize: 11, titleFontSize: 12 }, legend: { labelFontSize: 11 } },
} as const;

/**
 * The report's charts as Vega-Lite specs, built only from shown figures: a hidden figure is
 * left out of a chart (or drawn as "hidden"), never plotted.
 */
export function hrChartSpecs(report: HrReport): ChartSpec[] {
  const teams = report.teams.slice(0, CHART_TEAMS);
  const coverage = teams.flatMap((t) =>
    t.coverage.hidden || t.coverage.value === null ? [] : [{ team: t.team, coverage: t.coverage.value }]);
  const funnel = report.waves.flatMap((w) =>
    ([['invited', w.invited], ['accepted', w.accepted], ['in pods', w.inPods]] as const).flatMap(([stage, f], order) =>
      f.hidden || f.value === null ? [] : [{ wave: w.wave.name, stage, order, people: f.value }]));
  const trend = report.waves.flatMap((w, index) =>
    ([['acceptance', w.acceptance], ['attendance', w.attendance], ['continuation', w.continuation], ['coverage to date', w.coverageToDate]] as const)
      .flatMap(([measure, f]) => (f.hidden || f.value === null ? [] : [{ wave: w.wave.name, index, measure, share: f.value }])));
  const names = new Map(report.teams.map((t) => [t.teamId, t.team]));
  const shownTeams = new Set(teams.map((t) => t.teamId));
  const connections = report.connections.cells
    .filter((c) => shownTeams.has(c.teamA) && shownTeams.has(c.teamB))
    .flatMap((c) => {
      const people = c.people.hidden ? null : c.people.value;
      const a = names.get(c.teamA) ?? '?';
      const b = names.get(c.teamB) ?? '?';
      return [{ a, b, people }, { a: b, b: a, people }];
    });

  return [
    {
      id: 'coverage',
      title: 'Coverage by team: share of the roster who took part',
      spec: {
        ...base,
        width: 560,
        height: { step: 18 },
        data: { values: coverage },
        mark: { type: 'bar', color: '#2f7d6d' },
        encoding: {
          y: { field: 'team', type: 'nominal', sort: '-x', title: null },
          x: { field: 'coverage', type: 'quantitative', axis: { format: '%' }, scale: { domain: [0, 1] }, title: 'took part' },
          tooltip: [{ field: 'team' }, { field: 'coverage', format: '.0%' }],
        },
      },
    },
    {
      id: 'funnel',
      title: 'Funnel per wave: invited, accepted, in pods',
      spec: {
        ...base,
        width: 560,
        height: 240,
        data: { values: funnel },
        mark: 'bar',
        encoding: {
          x: { field: 'wave', type: 'nominal', title: null, sort: null },
          xOffset: { field: 'stage', sort: { field: 'order' } },
          y: { field: 'people', type: 'quantitative', title: 'people' },
          color: { field: 'stage', type: 'nominal', sort: { field: 'order' }, scale: { range: ['#9cc5e8', '#4a90c8', '#1f4e79'] }, title: null },
        },
      },
    },
    {
      id: 'trend',
      title: 'Trend over waves',
      spec: {
        ...base,
        width: 560,
        height: 240,
        data: { values: trend },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'wave', type: 'ordinal', sort: { field: 'index' }, title: null },
          y: { field: 'share', type: 'quantitative', axis: { format: '%' }, scale: { domain: [0, 1] }, title: null },
          color: { field: 'measure', type: 'nominal', title: null },
        },
      },
    },
    {
      id: 'connections',
      title: 'Connections: people of two teams who shared a pod',
      spec: {
        ...base,
        width: { step: 18 },
        height: { step: 18 },
        data: { values: connections },
        transform: [{ calculate: "datum.people === null ? 'hidden' : datum.people", as: 'label' }],
        layer: [
          {
            mark: 'rect',
            encoding: {
              x: { field: 'a', type: 'nominal', title: null, axis: { labelAngle: -45 } },
              y: { field: 'b', type: 'nominal', title: null },
              color: {
                field: 'people', type: 'quantitative', title: 'people',
                scale: { scheme: 'blues' }, condition: { test: 'datum.people === null', value: '#dddddd' },
              },
              tooltip: [{ field: 'a', title: 'team' }, { field: 'b', title: 'with' }, { field: 'label', title: 'people' }],
            },
          },
        ],
      } as TopLevelSpec,
    },
  ];
}
