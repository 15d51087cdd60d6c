import { generateOrganisation, type GeneratedOrg } from '../../src/core/matching/generate/org.ts';
import type { MatchPerson } from '../../src/core/matching/types.ts';

export { ORG_ZONES, ORG_PRESETS, generateOrganisation, type GeneratedOrg } from '../../src/core/matching/generate/org.ts';

/** A Zipf-teams organisation of n people (see src/core/matching/generate/org.ts). */
export function generateOrg(n: number, seed = 7, now = new Date('2025-03-01T00:00:00Z')): GeneratedOrg {
  return generateOrganisation({ people: n, seed, now });
}

/** The roster import's CSV columns, for CLI tests. */
export function peopleCsv(people: readonly MatchPerson[]): string {
  const rows = people.map((p) => [p.email ?? p.id, p.name ?? '', p.team, p.department ?? '', p.managerId ?? '', p.location ?? '', p.timezone, ''].join(','));
  return ['email,name,team,department,manager_email,location,timezone,title', ...rows].join('\n') + '\n';
}
