import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findBackfill, rematch } from '../../../src/core/matching/backfill.ts';
import { matchPeople } from '../../../src/core/matching/match.ts';
import { resolveMatchSettings, type MatchPerson } from '../../../src/core/matching/types.ts';
import { verifyMatch } from '../../../src/core/matching/verify.ts';

const zones = ['Europe/London', 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Australia/Sydney', 'America/Los_Angeles'];
const now = new Date('2025-03-01T00:00:00Z');

const org = fc.integer({ min: 0, max: 40 }).chain((n) => fc.record({
  people: fc.tuple(...Array.from({ length: n }, (_, k) => fc.record({
    team: fc.integer({ min: 0, max: 5 }), zone: fc.integer({ min: 0, max: zones.length - 1 }),
    manager: fc.option(fc.integer({ min: 0, max: Math.max(0, k - 1) }), { nil: undefined }),
  }))),
  exclusions: fc.array(fc.tuple(fc.nat(Math.max(0, n - 1)), fc.nat(Math.max(0, n - 1))), { maxLength: 6 }),
  history: fc.array(fc.tuple(fc.nat(Math.max(0, n - 1)), fc.nat(Math.max(0, n - 1)), fc.integer({ min: 1, max: 700 })), { maxLength: 20 }),
  allow: fc.constantFrom<number[]>([], [3], [6], [3, 6]),
  bounds: fc.constantFrom([4, 5], [4, 5], [3, 4], [5, 6], [4, 6], [2, 3]),
  sessionMinutes: fc.constantFrom(30, 60, 90, 180),
  seed: fc.integer({ min: 1, max: 1000 }),
}));

describe('matchPeople properties', () => {
  it('returns a partition of the placed people, keeps every hard constraint, and explains everyone left out', () => {
    fc.assert(fc.property(org, (o) => {
      const people: MatchPerson[] = o.people.map((p, k) => ({
        id: `u${k}`, team: `t${p.team}`, timezone: zones[p.zone]!, ...(k > 0 && p.manager !== undefined ? { managerId: `u${p.manager}` } : {}),
      }));
      const input = {
        people,
        exclusions: o.exclusions.map(([a, b]) => ({ a: `u${a}`, b: `u${b}` })),
        history: o.history.map(([a, b, d]) => ({ a: `u${a}`, b: `u${b}`, metOn: new Date(now.getTime() - d * 86_400_000) })),
      };
      const settings = resolveMatchSettings({ firstWeekStart: new Date('2025-03-03T00:00:00Z'), allowSizes: o.allow,
        minSize: o.bounds[0]!, maxSize: o.bounds[1]!,
        sessionMinutes: o.sessionMinutes, seed: o.seed, maxIterations: 500, timeLimitMs: 1000 });
      const result = matchPeople(input, settings, now);
      expect(verifyMatch(input, settings, result)).toEqual([]);
      expect(result.metrics.placed + result.unplaced.length).toBe(people.length);
      // Never better than the bounds: they hold for any grouping with the same pod counts.
      expect(result.metrics.podsAllTeamsDistinct).toBeLessThanOrEqual(result.metrics.allTeamsDistinctUpperBound);
      expect(result.metrics.sameTeamPairs).toBeGreaterThanOrEqual(result.metrics.sameTeamPairsLowerBound);
      expect(result.metrics.crossTeamPairs).toBeLessThanOrEqual(result.metrics.crossTeamPairsUpperBound);
    }), { numRuns: 40 });
  }, 120_000);

  it('backfill and rematch keep the hard constraints', () => {
    fc.assert(fc.property(org, (o) => {
      const people: MatchPerson[] = o.people.map((p, k) => ({ id: `u${k}`, team: `t${p.team}`, timezone: zones[p.zone]!,
        ...(k > 0 && p.manager !== undefined ? { managerId: `u${p.manager}` } : {}) }));
      const settings = resolveMatchSettings({ firstWeekStart: new Date('2025-03-03T00:00:00Z'), seed: o.seed, maxIterations: 300 });
      const result = matchPeople({ people }, settings, now);
      if (result.pods.length < 2) return;
      const byId = new Map(people.map((p) => [p.id, p]));
      const podPeople = result.pods.map((p) => p.members.map((m) => byId.get(m)!));
      const spare = result.unplaced.map((u) => byId.get(u.personId)!);
      // A member of pod 0 declines: backfill from the spare people.
      const shrunk = podPeople[0]!.slice(1);
      // The org's manager links, so skip-level chains through people outside the pod are known.
      const ctx = { managerOf: Object.fromEntries(people.filter((p) => p.managerId).map((p) => [p.id, p.managerId!])) };
      const pick = findBackfill(shrunk, spare, settings, ctx, now);
      if (pick.personId !== null) {
        const pod = { ...pick.pod };
        expect(verifyMatch({ people }, { ...settings, minSize: 1 }, { pods: [pod], unplaced: people.filter((p) => !pod.members.includes(p.id)).map((p) => ({ personId: p.id, reason: 'pool-remainder', detail: 'x', suggestion: 'y' })) })).toEqual([]);
      } else {
        expect(pick.reason.length).toBeGreaterThan(0);
      }
      // Pod 0 falls below minimum: its remaining members are re-homed.
      const orphans = podPeople[0]!.slice(0, 2);
      const r = rematch(podPeople.slice(1), orphans, settings, ctx, now);
      const placed = r.pods.flatMap((p) => p.members).concat(r.newPods.flatMap((p) => p.members));
      for (const o2 of orphans) expect(placed.includes(o2.id) || r.unplaced.some((u) => u.personId === o2.id)).toBe(true);
      for (const pod of r.pods) expect(pod.members.length).toBeLessThanOrEqual(settings.maxSize);
    }), { numRuns: 30 });
  });
});
