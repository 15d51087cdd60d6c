import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasRun } from '../../../src/core/grouping/constraints.ts';
import type { GroupBounds, GroupingProblem } from '../../../src/core/grouping/problem.ts';
import { InfeasibleBoundsError } from '../../../src/core/grouping/problem.ts';
import { solveGrouping } from '../../../src/core/grouping/solve.ts';
import { assertPartition, objective, violations } from './helpers.ts';

/** Random group bounds that can hold n, and a dense or function benefit. */
const problemArb = fc
  .record({
    m: fc.integer({ min: 1, max: 6 }),
    lo: fc.integer({ min: 0, max: 4 }),
    span: fc.integer({ min: 0, max: 3 }),
    fill: fc.double({ min: 0, max: 1, noNaN: true }),
    dense: fc.boolean(),
    seed: fc.integer(),
    salt: fc.integer({ min: 1, max: 1000 }),
  })
  .map(({ m, lo, span, fill, dense, seed, salt }): { problem: GroupingProblem; seed: number } => {
    const groups: GroupBounds[] = Array.from({ length: m }, (_, k) => ({ min: lo + (k % 2), max: lo + (k % 2) + span + (k % 3) }));
    const min = groups.reduce((s, g) => s + g.min, 0);
    const max = groups.reduce((s, g) => s + g.max, 0);
    const n = Math.max(1, Math.round(min + fill * (max - min)));
    if (n > max) groups[0] = { min: groups[0]!.min, max: groups[0]!.max + n - max };
    const w = (i: number, j: number): number => ((((i + 1) * (j + 1) * salt) % 97) - 30) / 7;
    const benefit = dense
      ? { kind: 'dense' as const, matrix: Float64Array.from({ length: n * n }, (_, k) => w(Math.min(Math.floor(k / n), k % n), Math.max(Math.floor(k / n), k % n))) }
      : { kind: 'function' as const, benefit: (i: number, j: number) => w(Math.min(i, j), Math.max(i, j)) };
    return { problem: { n, benefit, groups }, seed };
  });

describe('solveGrouping', () => {
  it('always returns a partition within the bounds, with the objective it reports', () => {
    fc.assert(
      fc.property(problemArb, ({ problem, seed }) => {
        const result = solveGrouping(problem, { seed, timeLimitMs: 1_000, maxIterations: 300 });
        assertPartition(problem, result);
        expect(result.objective).toBeCloseTo(objective(problem, result.groups), 6);
        expect(result.hardViolations).toBe(0);
      }),
      { numRuns: 150 },
    );
  });

  it('is deterministic for a seed and an iteration cap', () => {
    fc.assert(
      fc.property(problemArb, ({ problem, seed }) => {
        const a = solveGrouping(problem, { seed, timeLimitMs: 60_000, maxIterations: 200 });
        const b = solveGrouping(problem, { seed, timeLimitMs: 60_000, maxIterations: 200 });
        expect(b.groups).toEqual(a.groups);
      }),
      { numRuns: 40 },
    );
  });

  it('rejects bounds that cannot hold n, saying what to change', () => {
    const problem: GroupingProblem = { n: 7, benefit: { kind: 'function', benefit: () => 1 }, groups: [{ min: 4, max: 5 }, { min: 4, max: 5 }] };
    expect(() => solveGrouping(problem, { seed: 1, timeLimitMs: 10 })).toThrow(InfeasibleBoundsError);
    expect(() => solveGrouping(problem, { seed: 1, timeLimitMs: 10 })).toThrow(/sum\(min\) <= n <= sum\(max\)/);
  });
});

describe('hasRun', () => {
  it('finds runs inside words and across word boundaries', () => {
    expect(hasRun(Uint32Array.of(0b1111 << 4, 0), 4)).toBe(true);
    expect(hasRun(Uint32Array.of(0b1111 << 4, 0), 5)).toBe(false);
    expect(hasRun(Uint32Array.of(0xf0000000, 0x7), 7)).toBe(true);
    expect(hasRun(Uint32Array.of(0xf0000000, 0x7), 8)).toBe(false);
    expect(hasRun(Uint32Array.of(0x80000000, 0xffffffff, 1), 34)).toBe(true);
    expect(hasRun(Uint32Array.of(0x80000000, 0xffffffff, 1), 35)).toBe(false);
  });
});
