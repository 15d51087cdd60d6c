import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidJobIdError } from '../../src/queue/errors.ts';
import { assertJobId, jobId } from '../../src/queue/job-id.ts';

describe('jobId', () => {
  it('joins a kind and encoded parts', () => {
    expect(jobId('wave-deadline', '42', '2025-03-01T09:00:00Z')).toBe('wave-deadline/42/2025-03-01T09%3A00%3A00Z');
    expect(jobId('home', 7n)).toBe('home/7');
  });

  it('never yields an id BullMQ misreads, and never the same id for different parts', () => {
    const part = fc.oneof(fc.string(), fc.nat().map(String));
    fc.assert(
      fc.property(fc.array(part, { maxLength: 4 }), fc.array(part, { maxLength: 4 }), (a, b) => {
        const idA = jobId('kind', ...a);
        expect(() => assertJobId(idA)).not.toThrow();
        if (JSON.stringify(a) !== JSON.stringify(b)) expect(idA).not.toBe(jobId('kind', ...b));
      }),
    );
  });

  it('refuses kinds that are empty, numeric or carry separators', () => {
    for (const kind of ['', '123', 'a:b', 'a/b']) expect(() => jobId(kind)).toThrow(InvalidJobIdError);
  });

  it('assertJobId refuses ":" and all-digit ids with a message saying what to do', () => {
    expect(() => assertJobId('pod:1')).toThrow(/contains ':'.*jobId\(\)/);
    expect(() => assertJobId('007')).toThrow(/all digits/);
    expect(() => assertJobId('pod-1')).not.toThrow();
  });
});
