import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomPartition } from '../../../src/core/grouping/construct.ts';
import { crossover } from '../../../src/core/grouping/crossover.ts';
import { Partition } from '../../../src/core/grouping/partition.ts';
import { Rng } from '../../../src/core/grouping/rng.ts';

describe('crossover', () => {
  it('always yields a child within every group bound, whatever the parents', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ min: fc.integer({ min: 0, max: 6 }), extra: fc.integer({ min: 0, max: 6 }) }), { minLength: 1, maxLength: 8 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer(),
        (bounds, fill, seed) => {
          const min = Int32Array.from(bounds, (b) => b.min);
          const max = Int32Array.from(bounds, (b) => b.min + b.extra);
          const lo = min.reduce((s, x) => s + x, 0);
          const hi = max.reduce((s, x) => s + x, 0);
          const n = Math.round(lo + fill * (hi - lo));
          if (n < 1) return;
          const rng = new Rng(seed);
          const d = Float64Array.from({ length: n * n }, (_, k) => ((Math.floor(k / n) + 1) * ((k % n) + 1)) % 13);
          const part = new Partition(n, min, max);
          randomPartition(part, rng);
          const a = Int32Array.from(part.groupOf);
          randomPartition(part, rng);
          const b = Int32Array.from(part.groupOf);
          const child = new Int32Array(n);
          crossover(d, n, part, a, b, rng, child);
          const size = new Int32Array(min.length);
          for (const g of child) { expect(g).toBeGreaterThanOrEqual(0); size[g] = size[g]! + 1; }
          size.forEach((s, g) => { expect(s).toBeGreaterThanOrEqual(min[g]!); expect(s).toBeLessThanOrEqual(max[g]!); });
        },
      ),
      { numRuns: 300 },
    );
  });
});
