import { describe, expect, it } from 'vitest';
import { FaultPlan } from '../../src/sandbox/faults.ts';
import { RateWindow } from '../../src/sandbox/rate-window.ts';

describe('FaultPlan', () => {
  it('hands out planned faults per method, in order, then nothing', () => {
    const plan = new FaultPlan();
    plan.inject('chat.postMessage', '429', 2, 7);
    plan.inject('chat.postMessage', '500');
    expect(plan.take('users.list')).toBeUndefined();
    expect(plan.take('chat.postMessage')).toEqual({ kind: '429', retryAfterSeconds: 7 });
    expect(plan.take('chat.postMessage')).toEqual({ kind: '429', retryAfterSeconds: 7 });
    expect(plan.pending()).toBe(1);
    expect(plan.take('chat.postMessage')).toEqual({ kind: '500', retryAfterSeconds: 1 });
    expect(plan.take('chat.postMessage')).toBeUndefined();
  });

  it('after-effect faults are marked so the emulator does the work before losing the answer', () => {
    const plan = new FaultPlan();
    plan.injectAfterEffect('chat.postMessage', 'timeout');
    expect(plan.take('chat.postMessage')).toEqual({ kind: 'timeout', retryAfterSeconds: 1, afterEffect: true });
  });

  it('clear forgets everything; a bad count is refused', () => {
    const plan = new FaultPlan();
    plan.inject('a', 'drop', 3);
    plan.clear();
    expect(plan.take('a')).toBeUndefined();
    expect(() => plan.inject('a', 'timeout', 0)).toThrow(RangeError);
  });
});

describe('RateWindow', () => {
  it('allows `limit` hits per window per key and says when the next one fits', () => {
    let t = 1_000;
    const w = new RateWindow({ limit: 2, windowMs: 1_000, now: () => t });
    expect(w.hit('a')).toEqual({ allowed: true });
    t += 100;
    expect(w.hit('a')).toEqual({ allowed: true });
    expect(w.hit('b')).toEqual({ allowed: true });
    expect(w.hit('a')).toEqual({ allowed: false, retryAfterMs: 900 });
    t += 900;
    expect(w.hit('a')).toEqual({ allowed: true });
    expect(w.hit('a')).toEqual({ allowed: false, retryAfterMs: 100 });
    expect(w.count('a')).toBe(2);
  });
});
