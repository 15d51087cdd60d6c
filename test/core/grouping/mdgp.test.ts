import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { greedyGrouping, randomGrouping } from '../../../src/core/grouping/baselines.ts';
import { MdgpFormatError, parseMdgp } from '../../../src/core/grouping/mdgp.ts';
import type { GroupingProblem } from '../../../src/core/grouping/problem.ts';
import { solveGrouping } from '../../../src/core/grouping/solve.ts';
import { assertPartition, objective } from './helpers.ts';

// The instances live in the repository (test/fixtures/mdgp, with their source): a clone alone passes.
const DIR = resolve(import.meta.dirname, '../../fixtures/mdgp');
const load = (name: string): GroupingProblem => parseMdgp(readFileSync(join(DIR, `${name}.txt`), 'utf8')).problem;

/** Exhaustive optimum by assigning elements one by one, pruning by the size bounds. */
function bruteForce(problem: GroupingProblem): number {
  const { n, groups } = problem;
  const d = problem.benefit.kind === 'dense' ? problem.benefit.matrix : new Float64Array(0);
  const members: number[][] = groups.map(() => []);
  let needMin = groups.reduce((s, g) => s + g.min, 0);
  let best = -Infinity;
  const place = (i: number, value: number): void => {
    if (i === n) { best = Math.max(best, value); return; }
    for (let g = 0; g < groups.length; g++) {
      const list = members[g]!;
      if (list.length >= groups[g]!.max) continue;
      // Symmetry: identical empty groups are interchangeable, try only the first.
      if (list.length === 0 && members.slice(0, g).some((o, k) => o.length === 0 && groups[k]!.min === groups[g]!.min && groups[k]!.max === groups[g]!.max)) continue;
      const fillsMin = list.length < groups[g]!.min ? 1 : 0;
      if (n - i - 1 < needMin - fillsMin) continue;
      let gain = 0;
      for (const j of list) gain += d[i * n + j]!;
      list.push(i);
      needMin -= fillsMin;
      // Remaining elements must still be able to cover the unmet minimums.
      if (n - i - 1 >= needMin) place(i + 1, value + gain);
      needMin += fillsMin;
      list.pop();
    }
  };
  place(0, 0);
  return best;
}

describe('parseMdgp', () => {
  it('reads the header bounds and a symmetric matrix', () => {
    const { problem, sizing } = parseMdgp('3 1 ss 3 3\n0 1 1.5\n0 2 2\n1 2 3\n');
    expect(sizing).toBe('ss');
    expect(problem.groups).toEqual([{ min: 3, max: 3 }]);
    const m = problem.benefit.kind === 'dense' ? problem.benefit.matrix : undefined;
    expect(m?.[1 * 3 + 0]).toBe(1.5);
    expect(m?.[2 * 3 + 1]).toBe(3);
  });

  const bad: [string, string, RegExp][] = [
    ['a header with a wrong kind', '3 1 xx 3 3\n', /line 1: third field must be ss or ds/],
    ['too few bounds', '3 2 ss 3 3\n', /line 1: expected 4 group bounds/],
    ['min above max', '3 1 ds 4 3\n0 1 1\n0 2 1\n1 2 1\n', /line 1: group 1 bounds 4 3/],
    ['a non-numeric distance', '3 1 ss 3 3\n0 1 1\n0 2 abc\n1 2 1\n', /line 3: distance "abc" is not a number/],
    ['an element out of range', '3 1 ss 3 3\n0 1 1\n0 3 1\n1 2 1\n', /line 3: element out of range 0\.\.2/],
    ['a short line', '3 1 ss 3 3\n0 1\n', /line 2: expected "i j d"/],
    ['missing pairs', '3 1 ss 3 3\n0 1 1\n', /expected 3 pair lines for n=3, found 1/],
  ];
  for (const [what, text, message] of bad) {
    it(`rejects ${what}, naming the line`, () => {
      expect(() => parseMdgp(text)).toThrow(MdgpFormatError);
      expect(() => parseMdgp(text)).toThrow(message);
    });
  }
});

describe('MDGPLIB instances', () => {
  for (const name of ['RanReal_n010_ss_01', 'RanReal_n010_ds_01', 'RanReal_n012_ss_01', 'RanReal_n012_ds_01']) {
    it(`${name}: reaches the exhaustive optimum`, () => {
      const problem = load(name);
      const result = solveGrouping(problem, { seed: 1, timeLimitMs: 30_000, maxIterations: 2_000 });
      assertPartition(problem, result);
      expect(result.objective).toBeCloseTo(bruteForce(problem), 6);
    });
  }

  // Best values seen in repeated 5-second runs with several seeds.
  const knownGood: [string, number][] = [
    ['RanReal_n030_ss_01', 5503.122], ['RanReal_n030_ds_01', 5703.246],
    ['RanReal_n060_ss_01', 18733.74], ['RanReal_n060_ds_01', 19509.722],
  ];
  for (const [name, value] of knownGood) {
    it(`${name}: within 0.5% of the known-good value ${value}`, () => {
      const problem = load(name);
      const result = solveGrouping(problem, { seed: 1, timeLimitMs: 30_000, maxIterations: 20_000 });
      assertPartition(problem, result);
      expect(result.objective).toBeCloseTo(objective(problem, result.groups), 6);
      expect(result.objective).toBeGreaterThanOrEqual(value * 0.995);
    });
  }

  it('RanReal_n120_ss_01: the engine beats the greedy and random baselines', () => {
    const problem = load('RanReal_n120_ss_01');
    const result = solveGrouping(problem, { seed: 1, timeLimitMs: 30_000, maxIterations: 2_000 });
    assertPartition(problem, result);
    const greedy = greedyGrouping(problem, 1).objective;
    expect(greedy).toBeGreaterThan(randomGrouping(problem, 1).objective);
    expect(result.objective).toBeGreaterThan(greedy * 1.1);
  });
});
