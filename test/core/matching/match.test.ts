import { describe, expect, it } from 'vitest';
import { matchPeople } from '../../../src/core/matching/match.ts';
import { planPodSizes } from '../../../src/core/matching/sizing.ts';
import { resolveMatchSettings, type MatchPerson, type MatchSettings } from '../../../src/core/matching/types.ts';
import { verifyMatch } from '../../../src/core/matching/verify.ts';

const settings = resolveMatchSettings({ firstWeekStart: new Date('2025-06-02T00:00:00Z'), maxIterations: 3000 });
const now = new Date('2025-05-20T00:00:00Z');
const londoners = (n: number, teams = n): MatchPerson[] =>
  Array.from({ length: n }, (_, k) => ({ id: `p${String(k).padStart(2, '0')}`, team: `t${k % teams}`, timezone: 'Europe/London' }));

function run(people: MatchPerson[], s: MatchSettings = settings, extra: object = {}) {
  const input = { people, ...extra };
  const result = matchPeople(input, s, now);
  expect(verifyMatch(input, s, result)).toEqual([]);
  return result;
}

describe('pool sizes', () => {
  it.each([4, 5, 8, 9, 10, 12, 13, 17, 23])('a pool of %i splits into pods of 4-5 with nobody left', (n) => {
    const r = run(londoners(n));
    expect(r.unplaced).toEqual([]);
    expect(r.pods.every((p) => p.members.length >= 4 && p.members.length <= 5)).toBe(true);
  });

  it.each([[6, 1], [7, 2], [11, 1], [3, 3]])('a pool of %i leaves %i out with the reason and a suggestion', (n, out) => {
    const r = run(londoners(n));
    expect(r.unplaced).toHaveLength(out);
    for (const u of r.unplaced) {
      expect(u.reason).toBe('pool-remainder');
      expect(u.detail).toContain(`pool of ${n} cannot split into pods of 4–5`);
      expect(u.suggestion).toMatch(/allow a pod of 3 or 6/);
    }
  });

  it('an explicitly allowed pod of 3 or 6 absorbs the remainder and says so', () => {
    const with3 = run(londoners(7), { ...settings, allowSizes: [3] });
    expect(with3.unplaced).toEqual([]);
    expect(with3.pods.map((p) => p.members.length).sort()).toEqual([3, 4]);
    expect(with3.pods.find((p) => p.members.length === 3)!.relaxations[0]).toMatch(/pod of 3: a size the programme explicitly allows/);
    const with6 = run(londoners(6), { ...settings, allowSizes: [6] });
    expect(with6.pods.map((p) => p.members.length)).toEqual([6]);
    const with3For11 = run(londoners(11), { ...settings, allowSizes: [3] });
    expect(with3For11.unplaced).toEqual([]);
  });

  it('plans prefer placing everyone, then fewest exception pods, then pods of 5', () => {
    expect(planPodSizes(6, { minSize: 4, maxSize: 5, allowSizes: [3] })).toEqual({ placed: 6, regularPods: 0, exceptionSizes: [3, 3] });
    expect(planPodSizes(7, { minSize: 4, maxSize: 5, allowSizes: [6] })).toEqual({ placed: 6, regularPods: 0, exceptionSizes: [6] });
    expect(planPodSizes(20, { minSize: 4, maxSize: 5, allowSizes: [] })).toEqual({ placed: 20, regularPods: 4, exceptionSizes: [] });
  });

  it('chooses who is left out deterministically, hardest to place first', () => {
    const people = londoners(7);
    people[3] = { ...people[3]!, timezone: 'Asia/Tokyo' }; // shares no window with London
    const a = run(people);
    const b = run(people);
    expect(a.unplaced).toEqual(b.unplaced);
    expect(a.unplaced.find((u) => u.personId === 'p03')!.reason).toBe('no-compatible-group');
    expect(a.unplaced.filter((u) => u.reason === 'pool-remainder')).toHaveLength(1);
  });
});

describe('hard constraints', () => {
  it('never puts a manager with a direct or skip-level report, even through someone outside the pool', () => {
    // p00, p01, p02 are a chain, so they need three different pods: 12 people = three pods of 4.
    const people = londoners(12).map((p, k) => ({ ...p, managerId: k === 1 ? 'p00' : k === 2 ? 'p01' : k === 4 ? 'outsider' : undefined }));
    const r = run(people, settings, { managerOf: { outsider: 'p05' } });
    expect(r.unplaced).toEqual([]);
    const podOf = new Map(r.pods.flatMap((pod, k) => pod.members.map((m) => [m, k] as const)));
    expect(podOf.get('p00')).not.toBe(podOf.get('p01'));
    expect(podOf.get('p00')).not.toBe(podOf.get('p02')); // skip-level
    expect(podOf.get('p04')).not.toBe(podOf.get('p05')); // skip-level via someone outside the pool
  });

  it('honours excluded pairs and explains people who cannot be placed', () => {
    const people = [...londoners(5), { id: 'bad', team: 'x', timezone: 'Mars/Olympus' }];
    const r = run(people, settings, { exclusions: [{ a: 'p00', b: 'p01' }] });
    expect(r.unplaced.find((u) => u.personId === 'bad')!.reason).toBe('unknown-timezone');
    // p00 and p01 cannot share the only pod: one of them stays out (pool of 5 then needs 4).
    expect(r.pods).toHaveLength(1);
    expect(r.pods[0]!.members.includes('p00') && r.pods[0]!.members.includes('p01')).toBe(false);
  });

  it('reports people whose hours hold no session at all', () => {
    const r = run(londoners(4), { ...settings, sessionMinutes: 9 * 60 });
    expect(r.unplaced.map((u) => u.reason)).toEqual(Array(4).fill('no-window'));
  });
});

describe('pod sizes are a programme setting', () => {
  it("'larger' makes the fewest pods, 'smaller' the most", () => {
    expect(run(londoners(20), { ...settings, podSizes: 'larger' }).pods.map((p) => p.members.length)).toEqual([5, 5, 5, 5]);
    const smaller = run(londoners(20), { ...settings, podSizes: 'smaller' });
    expect(smaller.pods.map((p) => p.members.length)).toEqual([4, 4, 4, 4, 4]);
    expect(smaller.metrics.podSizes).toBe('smaller');
  });
});

describe('objective', () => {
  it('mixes teams first and avoids people who met recently', () => {
    // 2 teams x 4 people -> two pods with 2 + 2 each is the best possible mix.
    const people = londoners(8, 2);
    const r = run(people);
    for (const pod of r.pods) expect(pod.breakdown.teamsDistinct).toBe(2);
    const history = [{ a: 'p00', b: 'p01', metOn: new Date('2025-05-01') }, { a: 'p00', b: 'p03', metOn: new Date('2025-05-01') }];
    const r2 = run(people, settings, { history });
    expect(r2.metrics.repeatPairs).toBe(0);
    expect(r2.pods.every((p) => p.score === p.breakdown.teamScore + p.breakdown.departmentScore + p.breakdown.locationScore - p.breakdown.noveltyCost)).toBe(true);
  });
});

describe('determinism', () => {
  it('gives the same pods for the same seed and iteration cap, whatever the clock says', async () => {
    const { generateOrg } = await import('../../support/org-generator.ts');
    const org = generateOrg(300, 5);
    const s = { ...settings, seed: 9, maxIterations: 20_000, timeLimitMs: 60_000 };
    let t = 0;
    const a = matchPeople(org, s, org.now, { clock: () => (t += 0.001) });
    const b = matchPeople(org, s, org.now);
    expect(a.pods.map((p) => p.members)).toEqual(b.pods.map((p) => p.members));
    expect(a.unplaced).toEqual(b.unplaced);
    expect(verifyMatch(org, s, a)).toEqual([]);
  });
});
