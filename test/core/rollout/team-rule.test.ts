import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { departmentsOf, rolloutFigures, searchTeams, teamsByRule, type RolloutTeam } from '../../../src/core/rollout/team-rule.ts';

const team = (id: string, available: number, reached = false, department: string | null = 'Engineering'): RolloutTeam => ({ id, name: `Team ${id}`, department, available, reached });

describe('launch by rule', () => {
  const teams = [team('a', 5), team('b', 12, true), team('c', 0), team('d', 8, false, 'Sales'), team('e', 8, false, null)];

  it('every team not reached yet, never an empty one', () => {
    expect(teamsByRule({ kind: 'not_reached' }, teams).map((t) => t.id)).toEqual(['a', 'd', 'e']);
  });
  it('teams in departments, reached or not', () => {
    expect(teamsByRule({ kind: 'departments', departments: ['Engineering'] }, teams).map((t) => t.id)).toEqual(['a', 'b']);
  });
  it('the next N largest not reached, ties by name', () => {
    expect(teamsByRule({ kind: 'largest', count: 2 }, teams).map((t) => t.id)).toEqual(['d', 'e']);
  });
  it('picked teams are taken as picked', () => {
    expect(teamsByRule({ kind: 'picked', teamIds: ['c', 'b'] }, teams).map((t) => t.id)).toEqual(['b', 'c']);
  });
  it('figures and departments add up', () => {
    expect(rolloutFigures(teams)).toEqual({ teams: 4, people: 33, notReached: 3, notReachedPeople: 21 });
    expect(departmentsOf(teams)).toEqual([{ name: 'Engineering', teams: 3, available: 17 }, { name: 'Sales', teams: 1, available: 8 }]);
  });
  it('search folds case and accents, unreached first', () => {
    const named = [{ ...team('x', 3, true), name: 'Équipe Paris' }, { ...team('y', 3), name: 'equipe Lyon' }];
    expect(searchTeams(named, 'EQUIPE').map((t) => t.id)).toEqual(['y', 'x']);
  });
  it('any rule picks only known teams with people, at most N for "largest"', () => {
    const arb = fc.array(fc.record({ id: fc.uuid(), name: fc.string(), department: fc.option(fc.constantFrom('A', 'B', 'C')), available: fc.nat(50), reached: fc.boolean() }), { maxLength: 60 });
    fc.assert(fc.property(arb, fc.nat(80), (ts, n) => {
      const largest = teamsByRule({ kind: 'largest', count: n }, ts);
      expect(largest.length).toBeLessThanOrEqual(n);
      for (const rule of [{ kind: 'not_reached' } as const, { kind: 'largest', count: n } as const, { kind: 'departments', departments: ['A'] } as const]) {
        for (const t of teamsByRule(rule, ts)) expect(t.available).toBeGreaterThan(0);
      }
      const sizes = largest.map((t) => t.available);
      expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    }));
  });
});

import { previewFigures } from '../../../src/core/rollout/preview-figures.ts';

describe('preview figures after an edit', () => {
  it('counts same-team pairs, cross-team pairs and all-distinct pods from the pods as they stand', () => {
    const f = previewFigures([['A', 'B', 'C', 'D'], ['A', 'A', 'B', 'C', 'C']], 3);
    expect(f).toEqual({ pods: 2, placed: 9, unplaced: 3, people: 12, podsAllTeamsDistinct: 1, sameTeamPairs: 2, crossTeamPairs: 6 + 8 });
    // A swap that splits the two A's and the two C's makes both pods all-distinct.
    expect(previewFigures([['A', 'B', 'C', 'D'], ['A', 'E', 'B', 'C', 'F']], 3)).toMatchObject({ podsAllTeamsDistinct: 2, sameTeamPairs: 0 });
  });
});
