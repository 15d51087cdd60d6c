import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
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

  it('randomly: fails about `rate` of the matching calls, every kind drawn, planned faults first', () => {
    const plan = new FaultPlan();
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    plan.randomly({ rate: 0.1, kinds: ['429', '500', 'timeout', 'drop'], afterEffectKinds: ['drop'], methods: (m) => m.startsWith('chat.'), random });
    plan.inject('chat.postMessage', '500');
    expect(plan.take('chat.postMessage')).toEqual({ kind: '500', retryAfterSeconds: 1 });
    const drawn = Array.from({ length: 20_000 }, () => plan.take('chat.update')).filter((f) => f !== undefined);
    expect(drawn.length).toBeGreaterThan(1_800);
    expect(drawn.length).toBeLessThan(2_200);
    expect(new Set(drawn.map((f) => `${f.kind}${f.afterEffect ? '+effect' : ''}`))).toEqual(new Set(['429', '500', 'timeout', 'drop', 'drop+effect']));
    expect(Array.from({ length: 1_000 }, () => plan.take('users.list')).every((f) => f === undefined)).toBe(true);
    plan.randomly(undefined);
    expect(plan.take('chat.update')).toBeUndefined();
    expect(() => plan.randomly({ rate: 2, kinds: ['500'] })).toThrow(RangeError);
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

describe('RateWindow properties', () => {
  it('never lets more than `limit` hits into any window, and a refused hit fits exactly retryAfterMs later', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 10, max: 1_000 }), fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 60 }), (limit, windowMs, gaps) => {
        let t = 0;
        const w = new RateWindow({ limit, windowMs, now: () => t });
        const allowed: number[] = [];
        for (const gap of gaps) {
          t += gap;
          const d = w.hit('k');
          if (!d.allowed) {
            expect(d.retryAfterMs).toBeGreaterThan(0);
            expect(d.retryAfterMs).toBeLessThanOrEqual(windowMs);
            t += d.retryAfterMs - 1;
            expect(w.hit('k').allowed).toBe(false);
            t += 1;
            expect(w.hit('k').allowed).toBe(true);
          }
          allowed.push(t);
          expect(allowed.filter((a) => a > t - windowMs).length).toBeLessThanOrEqual(limit);
        }
      }),
    );
  });
});
