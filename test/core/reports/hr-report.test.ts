import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FigureBook } from '../../../src/core/reports/figures.ts';
import { buildHrReport } from '../../../src/core/reports/hr-report.ts';
import { WAVE_OUTCOMES, type PeopleGroup } from '../../../src/core/reports/people-groups.ts';
import { hrReportCsv } from '../../../src/reports/report-csv.ts';
import { derivableSmallGroups } from '../privacy/attacker.ts';

const waves = [
  { id: 'w1', name: 'Wave 1', startWeek: '2026-01-05', status: 'done' },
  { id: 'w2', name: 'Wave 2', startWeek: '2026-03-02', status: 'running' },
];

/** Random organisations: people groups by team, roster status and outcome in each wave. */
const organisation = fc
  .array(
    fc.record({
      team: fc.constantFrom('t1', 't2', 't3'),
      onRoster: fc.boolean(),
      w1: fc.option(fc.constantFrom(...WAVE_OUTCOMES), { nil: undefined }),
      w2: fc.option(fc.constantFrom(...WAVE_OUTCOMES), { nil: undefined }),
      people: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 5, max: 12 })),
      attended: fc.nat(6),
      rating: fc.integer({ min: 1, max: 5 }),
    }),
    { minLength: 1, maxLength: 9 },
  )
  .map((rows) => {
    const merged = new Map<string, PeopleGroup>();
    for (const r of rows) {
      const outcomes = Object.fromEntries([['w1', r.w1], ['w2', r.w2]].filter(([, o]) => o !== undefined)) as PeopleGroup['outcomes'];
      const key = `${r.team}|${r.onRoster}|${JSON.stringify(outcomes)}`;
      if (merged.has(key)) continue; // a group is everyone with the same attributes
      const sums = Object.fromEntries(Object.entries(outcomes).map(([w, o]) => [w, {
        expected: o.startsWith('P') ? 6 * r.people : 0, attended: o.startsWith('P') ? r.attended * r.people : 0,
        ratingSum: o.endsWith('r') ? r.rating * r.people : 0, ratingCount: o.endsWith('r') ? r.people : 0,
      }]));
      merged.set(key, { teamId: r.team, teamName: r.team.toUpperCase(), onRoster: r.onRoster, outcomes, people: r.people, sums });
    }
    return [...merged.values()];
  });

const input = (groups: PeopleGroup[]) => ({
  groups, waves, connections: [{ teamA: 't1', teamB: 't2', people: 7 }, { teamA: 't1', teamB: 't3', people: 3 }],
  teams: new Map([['t1', 'T1'], ['t2', 'T2'], ['t3', 'T3']]), teamsInWaves: 3, generatedAt: new Date('2026-04-01T09:00:00Z'),
});

/** Rebuilds the figure groups the report asked about, the way buildHrReport does, to attack them. */
function figureGroups(groups: PeopleGroup[]) {
  // buildHrReport hands its figures to the privacy module through FigureBook.requests: capture them.
  const original = FigureBook.prototype.requests;
  let captured: ReturnType<FigureBook['requests']> | undefined;
  FigureBook.prototype.requests = function (this: FigureBook) {
    captured = original.call(this);
    return captured;
  };
  try {
    buildHrReport(input(groups));
  } finally {
    FigureBook.prototype.requests = original;
  }
  return captured!;
}

describe('the HR report under attack', () => {
  it('everything in the CSV file together never gives away a group of 1-4 people', () => {
    fc.assert(
      fc.property(organisation, (groups) => {
        const report = buildHrReport(input(groups));
        const csv = hrReportCsv(report);
        const { atoms, figures } = figureGroups(groups);
        // The figures the file shows: every line with status "shown" (and no_data ones, whose base it prints).
        const lines = csv.trim().split('\r\n').slice(1).map((l) => l.split(','));
        const shownCount = lines.filter((l) => l[8] !== 'hidden').length;
        const hiddenInFile = lines.filter((l) => l[8] === 'hidden').length;
        expect(hiddenInFile).toBe(report.hiddenFigures);
        expect(shownCount + hiddenInFile).toBe(figures.length + 1); // + team_pairs_bridged
        // Attack with the groups of every figure the report did not hide.
        const visible = new Set<string>();
        const collect = (id: string, hidden: boolean) => !hidden && visible.add(id);
        for (const f of Object.values(report.headline)) if (typeof f === 'object') collect(f.id, f.hidden);
        for (const w of report.waves) for (const f of Object.values(w)) if ('hidden' in f) collect(f.id, f.hidden);
        for (const t of report.teams) for (const f of Object.values(t)) if (typeof f === 'object') collect(f.id, f.hidden);
        for (const c of report.connections.cells) collect(c.people.id, c.people.hidden);
        const rows = figures.filter((f) => visible.has(f.id)).flatMap((f) => f.groups.map((g) => [...g]));
        expect(derivableSmallGroups(atoms.map((a) => a.people), rows)).toEqual([]);
      }),
      { numRuns: 80 },
    );
  });

  it('computes the figures it shows', () => {
    const g = (team: string, onRoster: boolean, w1: string | undefined, people: number, attended = 0, rating = 0): PeopleGroup => ({
      teamId: team, teamName: team, onRoster, outcomes: w1 ? { w1: w1 as never } : {}, people,
      sums: w1 ? { w1: { expected: w1.startsWith('P') ? 6 * people : 0, attended, ratingSum: rating, ratingCount: w1.endsWith('r') ? people : 0 } } : {},
    });
    const report = buildHrReport(input([
      g('t1', true, undefined, 10), g('t1', true, 'Pcr', 6, 30, 24), g('t1', true, 'Plr', 6, 24, 18),
      g('t2', true, undefined, 9), g('t2', true, 'D', 5), g('t2', true, 'Por', 5, 20, 20),
    ]));
    expect(report.headline.roster.value).toBe(41);
    expect(report.headline.tookPart.value).toBe(17);
    expect(report.headline.coverage.value).toBeCloseTo(17 / 41);
    expect(report.headline.attendance.value).toBeCloseTo(74 / 102);
    expect(report.headline.continuation.value).toBeCloseTo(6 / 12);
    expect(report.headline.value.value).toBeCloseTo(62 / 17);
    expect(report.waves[0]!.invited.value).toBe(22);
    expect(report.teams.map((t) => [t.team, t.roster.value])).toEqual([['T1', 22], ['T2', 19], ['T3', 0]]);
    // The 3-person connection is hidden; the 7-person one shown.
    expect(report.connections.cells.map((c) => c.people.value)).toEqual([7, null]);
    expect(report.connections.pairsBridged).toBe(2);
  });
});
