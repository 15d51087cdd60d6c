import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchPeople } from '../../../src/core/matching/match.ts';
import { buildModel } from '../../../src/core/matching/model.ts';
import { aggregate, evenSpreadPairs } from '../../../src/core/matching/plan/aggregate.ts';
import { cliqueMasks } from '../../../src/core/matching/plan/cliques.ts';
import { poolCliques, sizeRules } from '../../../src/core/matching/plan/index.ts';
import { allDistinctBound, podCount, sameTeamPlan } from '../../../src/core/matching/plan/programs.ts';
import { resolveMatchSettings, type MatchPerson } from '../../../src/core/matching/types.ts';
import { verifyMatch } from '../../../src/core/matching/verify.ts';

// London, Kolkata and Sydney: London–Kolkata and Kolkata–Sydney can meet, London–Sydney cannot.
const zones = ['Europe/London', 'Asia/Kolkata', 'Australia/Sydney', 'America/New_York'];
const now = new Date('2025-03-01T00:00:00Z');
const settings = resolveMatchSettings({ firstWeekStart: new Date('2025-03-03T00:00:00Z'), maxIterations: 2000, timeLimitMs: 5000 });

/** Every way to split 0..n-1 into groups of the given sizes (as group index per person). */
function* splits(n: number, sizes: readonly number[]): Generator<number[][]> {
  const groups: number[][] = sizes.map(() => []);
  function* place(i: number): Generator<number[][]> {
    if (i === n) { yield groups.map((g) => [...g]); return; }
    for (let g = 0; g < groups.length; g++) {
      if (groups[g]!.length >= sizes[g]!) continue;
      // Symmetry: an empty group is only opened if it is the first empty one of its size.
      if (groups[g]!.length === 0 && groups.some((h, k) => k < g && h.length === 0 && sizes[k] === sizes[g])) continue;
      groups[g]!.push(i);
      yield* place(i + 1);
      groups[g]!.pop();
    }
  }
  yield* place(0);
}

/** Fewest same-team pairs and most all-distinct pods over all groupings with windows (pod counts as given). */
function bruteForce(people: MatchPerson[], podSizes: number[][]): { pairs: number; distinct: number; distinctAtFewest: number } {
  const { model } = buildModel({ people }, settings, now);
  const pool = people.map((_, i) => i);
  const { maskOf } = cliqueMasks(poolCliques(model, pool));
  const fits = (g: number[]): boolean => maskOf.get(model.zoneClass[g[0]!]!)!.some((_, k) => g.reduce((acc, i) => acc & maskOf.get(model.zoneClass[i]!)![k]!, 0xffffffff) !== 0);
  let pairs = Infinity, distinct = -1, distinctAtFewest = -1;
  for (const sizes of podSizes) {
    for (const groups of splits(people.length, sizes)) {
      if (!groups.every(fits)) continue;
      let p = 0, d = 0;
      for (const g of groups) {
        const teams = g.map((i) => people[i]!.team);
        for (let x = 0; x < teams.length; x++) for (let y = 0; y < x; y++) if (teams[x] === teams[y]) p++;
        if (new Set(teams).size === teams.length) d++;
      }
      if (p < pairs) { pairs = p; distinctAtFewest = d; } else if (p === pairs) distinctAtFewest = Math.max(distinctAtFewest, d);
      distinct = Math.max(distinct, d);
    }
  }
  return { pairs, distinct, distinctAtFewest };
}

const small = fc.record({
  n: fc.integer({ min: 8, max: 13 }),
  teams: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 13, maxLength: 13 }),
  zones: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 13, maxLength: 13 }),
});

describe('zone-aware bounds against brute force', () => {
  it('the even spread of k people over p pods is the fewest pairs', () => {
    expect(evenSpreadPairs(7, 5)).toBe(2);
    expect(evenSpreadPairs(11, 5)).toBe(7); // 3,2,2,2,2
    expect(evenSpreadPairs(3, 5)).toBe(0);
  });

  it('equal the brute-force optimum on small pools, and the matcher reaches it', () => {
    fc.assert(fc.property(small, ({ n, teams, zones: zs }) => {
      const people: MatchPerson[] = Array.from({ length: n }, (_, k) => ({ id: `p${k}`, team: `t${teams[k]}`, timezone: zones[zs[k]!]! }));
      const { model } = buildModel({ people }, settings, now);
      const pool = people.map((_, i) => i);
      const rules = sizeRules(settings);
      const agg = aggregate(model.zoneClass, model.team, pool, poolCliques(model, pool), 5);
      const count = podCount(agg, rules);
      if (count.placed !== n) return; // brute force below assumes everyone placed
      const sizes = [Array.from({ length: count.regular }, (_, k) => (k < n - 4 * count.regular ? 5 : 4))];
      const truth = bruteForce(people, sizes);
      const plan = sameTeamPlan(agg, rules, count, 5);
      expect(plan.lowerBound).toBe(truth.pairs);
      expect(allDistinctBound(agg, rules, count, 5)).toBeGreaterThanOrEqual(truth.distinct);
      expect(allDistinctBound(agg, rules, count, 5, plan.lowerBound)).toBeGreaterThanOrEqual(truth.distinctAtFewest);
      const result = matchPeople({ people }, settings, now);
      expect(verifyMatch({ people }, settings, result)).toEqual([]);
      expect(result.metrics.sameTeamPairsLowerBound).toBe(truth.pairs);
      expect(result.metrics.sameTeamPairs).toBe(truth.pairs);
      expect(result.metrics.podsAllTeamsDistinct).toBeLessThanOrEqual(result.metrics.allTeamsDistinctUpperBoundAtFewestPairs);
      expect(result.metrics.allTeamsDistinctUpperBoundAtFewestPairs).toBeLessThanOrEqual(result.metrics.allTeamsDistinctUpperBound);
    }), { numRuns: 12, seed: 42 });
  });

  it('confines a team to the zones that can meet it: the bound counts the pairs it is forced into', () => {
    // 8 people of team A in Sydney, 2 others in Sydney, 10 Londoners of mixed teams: Sydney cannot
    // meet London, so the 10 Sydney people form 2 pods on their own with 4 A's in each (2 × 6 pairs).
    const people: MatchPerson[] = [
      ...Array.from({ length: 8 }, (_, k) => ({ id: `a${k}`, team: 'A', timezone: 'Australia/Sydney' })),
      { id: 'b0', team: 'B', timezone: 'Australia/Sydney' }, { id: 'c0', team: 'C', timezone: 'Australia/Sydney' },
      ...Array.from({ length: 10 }, (_, k) => ({ id: `l${k}`, team: `L${k % 5}`, timezone: 'Europe/London' })),
    ];
    const r = matchPeople({ people }, settings, now);
    expect(verifyMatch({ people }, settings, r)).toEqual([]);
    expect(r.metrics.sameTeamPairsLowerBound).toBe(12); // the Londoners (5 teams of 2 over 2 pods) need none
    expect(r.metrics.sameTeamPairs).toBe(r.metrics.sameTeamPairsLowerBound);
  });
});
