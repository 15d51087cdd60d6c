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

const teams = new Map([['t1', 'T1'], ['t2', 'T2'], ['t3', 'T3']]);

/** People of two teams who shared a pod: 0 (never met), 1-4, or 5 or more. */
const connections = fc.record({
  t1t2: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 5, max: 14 })),
  t1t3: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 5, max: 14 })),
  t2t3: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 5, max: 14 })),
}).map((c) => [
  { teamA: 't1', teamB: 't2', people: c.t1t2 }, { teamA: 't1', teamB: 't3', people: c.t1t3 }, { teamA: 't2', teamB: 't3', people: c.t2t3 },
].filter((x) => x.people > 0));

const input = (groups: PeopleGroup[], pairs = [{ teamA: 't1', teamB: 't2', people: 7 }, { teamA: 't1', teamB: 't3', people: 3 }]) => ({
  groups, waves, connections: pairs, teams, teamsInWaves: 3, generatedAt: new Date('2026-04-01T09:00:00Z'),
});

/** Rebuilds the figure groups the report asked about, the way buildHrReport does, to attack them. */
function figureGroups(report: () => unknown) {
  // buildHrReport hands its figures to the privacy module through FigureBook.requests: capture them.
  const original = FigureBook.prototype.requests;
  let captured: ReturnType<FigureBook['requests']> | undefined;
  FigureBook.prototype.requests = function (this: FigureBook) {
    captured = original.call(this);
    return captured;
  };
  try {
    report();
  } finally {
    FigureBook.prototype.requests = original;
  }
  return captured!;
}

/**
 * The figures a CSV file shows, read back from the file itself: each line's section, wave,
 * team(s) and measure name the figure it prints; every line not marked hidden is known to the
 * reader (a no_data line still prints its base).
 */
function shownInFile(csv: string): { ids: Set<string>; pairsBridged: number; connectionTeams: Set<string> } {
  const waveId = new Map(waves.map((w) => [w.name, w.id]));
  const teamId = new Map([...teams].map(([id, name]) => [name, id]));
  const ids = new Set<string>();
  let pairsBridged = NaN;
  const connectionTeams = new Set<string>();
  for (const line of csv.trim().split('\r\n').slice(1)) {
    const [section, wave, , team, otherTeam, measure, value, , status] = line.split(',');
    if (measure === 'team_pairs_bridged') {
      pairsBridged = Number(value);
      continue;
    }
    const id = section === 'headline' ? `all/${measure}`
      : section === 'wave' ? `wave/${waveId.get(wave!)}/${measure}`
      : section === 'team' ? `team/${teamId.get(team!)}/${measure}`
      : `pair/${teamId.get(team!)}/${teamId.get(otherTeam!)}`;
    if (section === 'connection') connectionTeams.add(teamId.get(team!)!).add(teamId.get(otherTeam!)!);
    if (status !== 'hidden') ids.add(id);
  }
  return { ids, pairsBridged, connectionTeams };
}

describe('the HR report under attack', () => {
  it('everything in the CSV file together never gives away a group of 1-4 people (connection map included)', () => {
    fc.assert(
      fc.property(organisation, connections, (groups, pairs) => {
        const report = buildHrReport(input(groups, pairs));
        const csv = hrReportCsv(report);
        const { atoms, figures } = figureGroups(() => buildHrReport(input(groups, pairs)));
        const file = shownInFile(csv);
        const lines = csv.trim().split('\r\n').length - 1;
        expect(lines).toBe(figures.length + 1); // every figure once, + team_pairs_bridged
        expect(csv.split('\r\n').filter((l) => l.endsWith(',hidden')).length).toBe(report.hiddenFigures);
        // Linear arithmetic over everything the file shows: cells, the map's total, team and
        // wave counts, headline totals, rates (numerator and denominator).
        const rows = figures.filter((f) => file.ids.has(f.id)).flatMap((f) => f.groups.map((g) => [...g]));
        expect(derivableSmallGroups(atoms.map((a) => a.people), rows)).toEqual([]);
        // Pairs bridged is the number of pairs the file lists: it tells nothing the list does not.
        expect(file.pairsBridged).toBe(csv.split('\r\n').filter((l) => l.startsWith('connection,')).length);
        // Which teams' cells are listed says whom a team's people met: never for 1-4 people.
        for (const team of file.connectionTeams) {
          const tookPart = groups.filter((g) => g.teamId === team && Object.values(g.outcomes).some((o) => o.startsWith('P')))
            .reduce((n, g) => n + g.people, 0);
          expect(tookPart).toBeGreaterThanOrEqual(5);
        }
      }),
      { numRuns: 120 },
    );
  });

  it('a team where 3 people took part is not on the connection map, and the map\'s total never gives away a hidden cell', () => {
    const g = (team: string, people: number, w1?: string): PeopleGroup => ({
      teamId: team, teamName: team, onRoster: true, outcomes: w1 ? { w1: w1 as never } : {}, people,
      sums: w1 ? { w1: { expected: 0, attended: 0, ratingSum: 0, ratingCount: 0 } } : {},
    });
    // T3 has 10 people, 3 of whom took part: listing "T1 × T3" but not "T2 × T3" would say the
    // 3 met someone of T1 and nobody of T2.
    const report = buildHrReport(input(
      [g('t1', 20, 'Po'), g('t2', 12, 'Po'), g('t3', 7), g('t3', 3, 'Po')],
      [{ teamA: 't1', teamB: 't2', people: 9 }, { teamA: 't1', teamB: 't3', people: 6 }],
    ));
    expect(report.connections.cells.map((c) => [c.teamA, c.teamB])).toEqual([['t1', 't2']]);
    expect(report.connections.pairsBridged).toBe(1);
    expect(hrReportCsv(report)).not.toMatch(/^connection,.*T3/m);
    // Cells of 9, 8 and 3 with their total: "total minus 9 minus 8" would be the 3.
    const three = buildHrReport(input(
      [g('t1', 20, 'Po'), g('t2', 12, 'Po'), g('t3', 10, 'Po')],
      [{ teamA: 't1', teamB: 't2', people: 9 }, { teamA: 't1', teamB: 't3', people: 8 }, { teamA: 't2', teamB: 't3', people: 3 }],
    ));
    expect(three.connections.cells.map((c) => c.people.value)).toEqual([9, 8, null]);
    expect(three.connections.total.hidden).toBe(true);
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
    // The 7-person connection is shown; T3, where nobody took part, is not on the map.
    expect(report.connections.cells.map((c) => c.people.value)).toEqual([7]);
    expect(report.connections.total.value).toBe(7);
    expect(report.connections.pairsBridged).toBe(1);
  });
});
