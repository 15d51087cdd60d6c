import { describe, expect, it } from 'vitest';
import type { GroupingProblem } from '../../../src/core/grouping/problem.ts';
import { solveGrouping } from '../../../src/core/grouping/solve.ts';
import { assertPartition, planted, violations } from './helpers.ts';

describe('hard constraints', () => {
  for (const dense of [true, false]) {
    it(`holds conflicts and windows whenever a feasible grouping exists (${dense ? 'dense' : 'function'} benefit)`, () => {
      for (let seed = 1; seed <= 12; seed++) {
        const problem = planted(20 + seed * 3, seed, dense);
        const result = solveGrouping(problem, { seed, timeLimitMs: 10_000, maxIterations: 1_500 });
        assertPartition(problem, result);
        expect(violations(problem, result.groups)).toBe(0);
        expect(result.hardViolations).toBe(0);
      }
    });
  }

  it('holds them at scale in the sampled regime (3,000 people in 8 time zones, pods of 4-5)', () => {
    const problem = planted(3_000, 7, false, true);
    const result = solveGrouping(problem, { seed: 7, timeLimitMs: 20_000, maxIterations: 300_000 });
    assertPartition(problem, result);
    expect(violations(problem, result.groups)).toBe(0);
    expect(result.hardViolations).toBe(0);
  });

  it('reports violations it cannot avoid but still returns a valid partition', () => {
    // Three mutually conflicting elements and only two groups: one pair must share.
    const problem: GroupingProblem = {
      n: 6, benefit: { kind: 'function', benefit: () => 1 },
      groups: [{ min: 3, max: 3 }, { min: 3, max: 3 }],
      conflicts: [[1, 2], [0, 2], [0, 1], [], [], []],
    };
    const result = solveGrouping(problem, { seed: 1, timeLimitMs: 1_000, maxIterations: 500 });
    assertPartition(problem, result);
    expect(result.hardViolations).toBe(1);
    expect(violations(problem, result.groups)).toBe(1);
  });
});
