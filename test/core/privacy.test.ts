import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateOfPeople } from '../../src/core/privacy.ts';

describe('aggregateOfPeople', () => {
  it('shows counts of 5 or more and hides smaller ones', () => {
    expect(aggregateOfPeople(5)).toBe('5');
    expect(aggregateOfPeople(4)).toBe('fewer than 5');
    expect(aggregateOfPeople(0)).toBe('fewer than 5');
    fc.assert(fc.property(fc.nat(10_000), (n) => (aggregateOfPeople(n) === String(n)) === n >= 5));
  });
});
