import { Rng } from '../../src/core/grouping/rng.ts';
import type { MatchInput, MatchPerson, PastMeeting } from '../../src/core/matching/types.ts';

/**
 * A seeded, organisation-shaped roster for tests and the matching benchmark: skewed team sizes
 * (a few big teams, many small ones), 8 time zones with teams clustered around a home office,
 * manager chains (department head → team lead → sub-lead → member) and three past waves of pods.
 */
export const ORG_ZONES = [
  { zone: 'America/Los_Angeles', city: 'San Francisco', weight: 12 },
  { zone: 'America/New_York', city: 'New York', weight: 22 },
  { zone: 'America/Sao_Paulo', city: 'São Paulo', weight: 6 },
  { zone: 'Europe/London', city: 'London', weight: 20 },
  { zone: 'Europe/Berlin', city: 'Berlin', weight: 14 },
  { zone: 'Asia/Kolkata', city: 'Bangalore', weight: 12 },
  { zone: 'Asia/Singapore', city: 'Singapore', weight: 8 },
  { zone: 'Australia/Sydney', city: 'Sydney', weight: 6 },
] as const;

function pickWeighted(rng: Rng, weights: readonly number[], total: number): number {
  let r = rng.nextFloat() * total;
  for (let k = 0; k < weights.length; k++) { r -= weights[k]!; if (r < 0) return k; }
  return weights.length - 1;
}

export interface GeneratedOrg extends MatchInput { people: MatchPerson[]; history: PastMeeting[]; now: Date }

export function generateOrg(n: number, seed = 7, now = new Date('2025-03-01T00:00:00Z')): GeneratedOrg {
  const rng = new Rng(seed);
  const teamCount = Math.max(6, Math.round(n / 30));
  // Zipf-like team sizes: the largest team is tens of times the median (a big engineering or
  // support team next to many small ones), which is what makes cross-team mixing hard.
  const teamWeights = Array.from({ length: teamCount }, (_, t) => 1 / Math.pow(t + 1, 0.9));
  const teamTotal = teamWeights.reduce((a, b) => a + b, 0);
  const zoneWeights = ORG_ZONES.map((z) => z.weight);
  const zoneTotal = zoneWeights.reduce((a, b) => a + b, 0);
  const homeZone = teamWeights.map(() => pickWeighted(rng, zoneWeights, zoneTotal));
  const deptOf = teamWeights.map((_, t) => `dept-${t % Math.max(3, Math.round(teamCount / 6))}`);

  const members: number[][] = teamWeights.map(() => []);
  const people: MatchPerson[] = [];
  for (let i = 0; i < n; i++) {
    const t = i < teamCount ? i : pickWeighted(rng, teamWeights, teamTotal); // every team has someone
    const z = rng.nextFloat() < 0.75 ? homeZone[t]! : pickWeighted(rng, zoneWeights, zoneTotal);
    const place = ORG_ZONES[z]!;
    members[t]!.push(i);
    people.push({ id: `person${i}@example.com`, email: `person${i}@example.com`, name: `Person ${i}`,
      team: `team-${t}`, department: deptOf[t]!, location: place.city, timezone: place.zone });
  }
  // Manager chains: the first member of each team leads it; big teams get sub-leads of ~7 people;
  // each team lead reports to the lead of the first team of their department (the department head).
  const headOf = new Map<string, number>();
  members.forEach((list, t) => {
    const lead = list[0]!;
    const head = headOf.get(deptOf[t]!);
    if (head === undefined) headOf.set(deptOf[t]!, lead);
    else people[lead]!.managerId = people[head]!.id;
    const subLeads = list.length > 10 ? list.slice(1, 1 + Math.floor(list.length / 8)) : [];
    for (const s of subLeads) people[s]!.managerId = people[lead]!.id;
    list.slice(1 + subLeads.length).forEach((m, k) => {
      people[m]!.managerId = people[subLeads.length > 0 ? subLeads[k % subLeads.length]! : lead]!.id;
    });
  });
  // Three past waves: 60% of people each time, shuffled into pods of 4-5 (as a pairing bot would).
  const history: PastMeeting[] = [];
  for (const daysAgo of [40, 130, 260]) {
    const metOn = new Date(now.getTime() - daysAgo * 86_400_000);
    const joined = people.map((_, i) => i).filter(() => rng.nextFloat() < 0.6);
    rng.shuffle(joined);
    for (let s = 0; s + 4 <= joined.length; s += 5) {
      const pod = joined.slice(s, s + 5);
      for (let x = 0; x < pod.length; x++) for (let y = x + 1; y < pod.length; y++) {
        history.push({ a: people[pod[x]!]!.id, b: people[pod[y]!]!.id, metOn });
      }
    }
  }
  return { people, history, now };
}

/** The roster import's CSV columns, for CLI tests. */
export function peopleCsv(people: readonly MatchPerson[]): string {
  const rows = people.map((p) => [p.email ?? p.id, p.name ?? '', p.team, p.department ?? '', p.managerId ?? '', p.location ?? '', p.timezone, ''].join(','));
  return ['email,name,team,department,manager_email,location,timezone,title', ...rows].join('\n') + '\n';
}
