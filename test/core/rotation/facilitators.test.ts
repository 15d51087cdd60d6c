import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { facilitatorRotation, turnsSoFar } from '../../../src/core/rotation/facilitators.ts';

describe('facilitator rotation', () => {
  it('goes round the seats, then starts again', () => {
    expect(facilitatorRotation({ members: ['a', 'b', 'c', 'd'], sessions: 6 })).toEqual(['a', 'b', 'c', 'd', 'a', 'b']);
  });

  it('a second round starts with those who hosted least, and not with who closed the last round', () => {
    const { pastTurns, lastFacilitator } = turnsSoFar(['a', 'b', 'c', 'd', 'a', 'b']);
    expect(facilitatorRotation({ members: ['a', 'b', 'c', 'd'], sessions: 6, pastTurns, lastFacilitator })).toEqual(['c', 'd', 'a', 'b', 'c', 'd']);
  });

  it('a newcomer hosts early; a member who hosted twice waits', () => {
    const { pastTurns } = turnsSoFar(['a', 'b', 'c', 'a']);
    expect(facilitatorRotation({ members: ['a', 'b', 'c', 'e'], sessions: 4, pastTurns })).toEqual(['e', 'b', 'c', 'a']);
  });

  it('property: over any rounds, nobody hosts twice before everyone present has hosted once', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 8 }), fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 4 }),
      (size, rounds) => {
        const members = Array.from({ length: size }, (_, i) => `p${i}`);
        const history: string[] = [];
        for (const sessions of rounds) {
          history.push(...facilitatorRotation({ members, sessions, ...turnsSoFar(history) }));
        }
        const counts = new Map<string, number>();
        for (const id of history) {
          counts.set(id, (counts.get(id) ?? 0) + 1);
          const values = members.map((m) => counts.get(m) ?? 0);
          expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
        }
      },
    ));
  });

  it('property: people who join mid-round host before anyone present hosts twice (the re-plan after a merge)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 2, max: 6 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 2, max: 12 }), fc.nat(),
      (size, joining, sessions, cut) => {
        const members = Array.from({ length: size }, (_, i) => `p${i}`);
        const held = facilitatorRotation({ members, sessions }).slice(0, cut % sessions);
        const after = [...members, ...Array.from({ length: joining }, (_, i) => `n${i}`)];
        const rest = facilitatorRotation({ members: after, sessions: sessions - held.length, ...turnsSoFar(held) });
        const turns = new Map(after.map((m) => [m, held.filter((h) => h === m).length]));
        for (const host of rest) {
          // Hosting a second (third…) time only once everyone in the pod now has hosted at least once.
          if (turns.get(host)! >= 1) expect(Math.min(...turns.values())).toBeGreaterThanOrEqual(1);
          turns.set(host, turns.get(host)! + 1);
        }
      },
    ));
  });
});
