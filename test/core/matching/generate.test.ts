import { describe, expect, it } from 'vitest';
import { generateOrganisation, ORG_PRESETS } from '../../../src/core/matching/generate/org.ts';

describe('generated organisations', () => {
  it('are deterministic by seed and look like real ones', () => {
    const a = generateOrganisation(ORG_PRESETS.zipf(1500, 3));
    expect(generateOrganisation(ORG_PRESETS.zipf(1500, 3))).toEqual(a);
    expect(generateOrganisation(ORG_PRESETS.zipf(1500, 4)).people).not.toEqual(a.people);
    // Zipf teams: the largest team is many times the median.
    const sizes = [...count(a.people.map((p) => p.team)).values()].sort((x, y) => y - x);
    expect(sizes[0]!).toBeGreaterThan(8 * sizes[Math.floor(sizes.length / 2)]!);
    // Sparse data: some people have no department or no location.
    expect(a.people.filter((p) => !p.department).length).toBeGreaterThan(50);
    expect(a.people.filter((p) => !p.location).length).toBeGreaterThan(100);
    // Manager chains four levels deep (member -> sub-lead -> lead -> head -> chief).
    const byId = new Map(a.people.map((p) => [p.id, p]));
    const depth = (id: string): number => { const m = byId.get(id)?.managerId; return m ? 1 + depth(m) : 0; };
    expect(Math.max(...a.people.map((p) => depth(p.id)))).toBeGreaterThanOrEqual(4);
    // Three past waves.
    expect(new Set(a.history.map((h) => h.metOn.toISOString())).size).toBe(3);
  });

  it('can confine a team much larger than the pod count to a zone that meets few others', () => {
    const org = generateOrganisation(ORG_PRESETS.confined(600, 7));
    const big = org.people.filter((p) => p.team === 'team-0');
    expect(big.length).toBeGreaterThan(600 / 5 * 1.4); // more people than pods
    expect(big.filter((p) => p.timezone === 'Australia/Sydney').length / big.length).toBeGreaterThan(0.75);
  });
});

function count(xs: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}
