import { describe, expect, it } from 'vitest';
import { HIDDEN_MARK } from '../../src/core/privacy/index.ts';
import { buildHrReport } from '../../src/core/reports/hr-report.ts';
import type { PeopleGroup } from '../../src/core/reports/people-groups.ts';
import { hrReportCsv } from '../../src/reports/report-csv.ts';
import { hrReportPage } from '../../src/reports/report-page.ts';
import { hrHomeBlocks } from '../../src/slack/blocks/hr.blocks.ts';

const sums = { expected: 12, attended: 10, ratingSum: 8, ratingCount: 2 };
const group = (teamId: string, people: number, outcomes: PeopleGroup['outcomes'] = {}): PeopleGroup => ({
  teamId, teamName: teamId, onRoster: true, outcomes, people,
  sums: Object.fromEntries(Object.keys(outcomes).map((w) => [w, sums])),
});

/**
 * Legal has 3 people and nobody from it took part; Wave 2 invited 3 people, all of whom
 * declined. Before the fix the surfaces said "Legal: — people · took part 0 (—) · attendance
 * n/a" and "Wave 2: — invited · 0 accepted · 0 in pods": with the hidden 3, each 0 is a
 * statement about every one of them.
 */
function report() {
  return buildHrReport({
    groups: [
      group('sales', 20, { w1: 'Plr' }), group('sales', 12, { w1: 'Pcr' }), group('sales', 9),
      group('eng', 15, { w1: 'Po' }), group('eng', 10, { w1: 'D' }), group('eng', 3, { w2: 'D' }),
      group('legal', 3),
    ],
    waves: [{ id: 'w1', name: 'Wave 1', startWeek: '2026-09-07', status: 'done' }, { id: 'w2', name: 'Wave 2', startWeek: '2026-11-02', status: 'inviting' }],
    connections: [],
    teams: new Map([['sales', 'Sales'], ['eng', 'Engineering'], ['legal', 'Legal']]),
    teamsInWaves: 2,
    generatedAt: new Date('2026-12-01T09:00:00Z'),
  });
}

describe('no 0 beside a hidden figure about fewer than 5 people', () => {
  it('hides the team of 3\'s zeros and "n/a"s, and the small wave\'s, on the report', () => {
    const r = report();
    const legal = r.teams.find((t) => t.teamId === 'legal')!;
    for (const [name, figure] of Object.entries(legal).filter(([k]) => !['teamId', 'team'].includes(k))) {
      expect([name, (figure as { hidden: boolean }).hidden]).toEqual([name, true]);
    }
    const wave2 = r.waves.find((w) => w.wave.id === 'w2')!;
    for (const name of ['invited', 'accepted', 'inPods', 'declined', 'noAnswer', 'acceptance', 'attendance', 'continuation', 'value'] as const) {
      expect([name, wave2[name].hidden]).toEqual([name, true]);
    }
    // A 0 about 5 or more people is still shown: nobody in Wave 1 never answered (of 57).
    expect(r.waves[0]!.noAnswer).toMatchObject({ hidden: false, value: 0 });
  });

  it('shows neither a 0 nor "n/a" for them on the home tab, the page or the CSV', () => {
    const r = report();
    const home = JSON.stringify(hrHomeBlocks(r, undefined));
    const legalLine = /\*Legal\*:[^"\\]*/.exec(home)![0];
    expect(legalLine).not.toMatch(/\b0\b|n\/a/);
    expect(legalLine).toContain(HIDDEN_MARK);
    const wave2Line = /\*Wave 2\*:[^"\\]*/.exec(home)![0];
    expect(wave2Line).not.toMatch(/\b0\b|n\/a/);

    const page = hrReportPage(r, [], 'hr.csv');
    const legalRow = /<tr><th>Legal<\/th>.*?<\/tr>/.exec(page)![0];
    expect(legalRow).not.toMatch(/>0<|n\/a/);
    const wave2Row = /<tr><th>Wave 2<br>.*?<\/tr>/.exec(page)![0];
    expect(wave2Row).not.toMatch(/>0<|n\/a/);

    const csv = hrReportCsv(r).trim().split('\r\n').map((line) => line.split(','));
    // (Wave 2's coverage to date is about today's whole roster, not its invitees.)
    const about = csv.filter((line) => line[3] === 'Legal' || (line[1] === 'Wave 2' && line[5] !== 'coverage_to_date'));
    expect(about.length).toBeGreaterThan(10);
    for (const line of about) expect([line[3] || line[1], line[5], line[8]]).toEqual([line[3] || line[1], line[5], 'hidden']);
  });
});
