import { describe, expect, it } from 'vitest';
import { regroup } from '../../../src/core/matching/regroup.ts';
import { resolveMatchSettings, type MatchPerson } from '../../../src/core/matching/types.ts';
import { figureChanges } from '../../../src/core/rollout/preview-figures.ts';

const settings = resolveMatchSettings({ firstWeekStart: new Date('2026-03-16T12:00:00Z') });
const person = (id: string, team: string, extra: Partial<MatchPerson> = {}): MatchPerson => ({ id, team, timezone: 'Europe/London', ...extra });
const now = new Date('2026-03-01T00:00:00Z');

describe('regroup: pods a lead rearranged, described as the matcher would', () => {
  it('scores a feasible pod and counts its repeat pairs', () => {
    const [r] = regroup([[person('a', 'T1'), person('b', 'T2'), person('c', 'T2')]], settings, { history: [{ a: 'a', b: 'b', metOn: new Date('2026-02-01') }] }, now);
    expect(r!.pod).not.toBeNull();
    expect(r!.pod!.breakdown).toMatchObject({ allTeamsDistinct: false, teamsDistinct: 2, repeatPairs: 1 });
  });
  it('refuses a manager with their report, an excluded pair, and people with no common slot', () => {
    const [manager, excluded, apart] = regroup([
      [person('m', 'T1'), person('r', 'T2', { managerId: 'm' })],
      [person('x', 'T1'), person('y', 'T2')],
      [person('l', 'T1'), person('s', 'T2', { timezone: 'Pacific/Auckland' })],
    ], settings, { exclusions: [{ a: 'x', b: 'y' }] }, now);
    expect(manager!.pod).toBeNull();
    expect(manager!.why).toContain('manager');
    expect(excluded!.why).toContain('pair kept apart');
    expect(apart!.why).toContain('share no 60-minute slot');
  });
});

describe('figureChanges', () => {
  it('lists what changed, in order, and whether it is better', () => {
    const before = { pods: 24, placed: 119, podsAllTeamsDistinct: 24, sameTeamPairs: 0, repeatPairs: 0, totalScore: 1400 };
    expect(figureChanges(before, { ...before, sameTeamPairs: 1, podsAllTeamsDistinct: 23, totalScore: 1390 })).toEqual([
      { label: 'pods with every team different', from: 24, to: 23, better: false },
      { label: 'same-team pairs', from: 0, to: 1, better: false },
      { label: 'score', from: 1400, to: 1390, better: false },
    ]);
    expect(figureChanges(before, before)).toEqual([]);
  });
});
