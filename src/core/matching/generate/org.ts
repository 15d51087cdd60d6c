import { Rng } from '../../grouping/rng.ts';
import type { MatchInput, MatchPerson, PastMeeting } from '../types.ts';

/**
 * Seeded, organisation-shaped rosters for tests and benchmarks (pure: the seed decides everything).
 *
 * What makes real organisations hard to mix, each a knob here:
 * - Zipf team sizes: team t holds a share proportional to 1/(t+1)^zipf, so the largest team is tens
 *   of times the median;
 * - one dominant team (`bigTeam`): a share of everyone, possibly far more than the pod count, and
 *   concentrated in one zone that shares working hours with only a few others;
 * - teams clustered around a home office (75% in the team's home zone);
 * - manager chains: chief → department heads → team leads → sub-leads → members;
 * - sparse data: department and location missing for some people;
 * - three past waves of pods (60% took part each time, shuffled as a pairing bot would).
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

export interface OrgShape {
  people: number;
  seed?: number;
  /** Teams; default max(6, people / 30). */
  teams?: number;
  /** Zipf exponent of team sizes (default 0.9). */
  zipf?: number;
  /** Team 0 gets `share` of everyone, `homeShare` of them in `zone` (default: the team's home zone). */
  bigTeam?: { share: number; zone?: string; homeShare?: number };
  /** Share of people with no department / no location on record (default 0.1 / 0.15). */
  missingDepartment?: number;
  missingLocation?: number;
  /** Past waves, days before `now` (default three: 40, 130, 260). */
  pastWavesDaysAgo?: readonly number[];
  now?: Date;
}

export interface GeneratedOrg extends MatchInput { people: MatchPerson[]; history: PastMeeting[]; now: Date }

function pickWeighted(rng: Rng, weights: readonly number[], total: number): number {
  let r = rng.nextFloat() * total;
  for (let k = 0; k < weights.length; k++) { r -= weights[k]!; if (r < 0) return k; }
  return weights.length - 1;
}

export function generateOrganisation(shape: OrgShape): GeneratedOrg {
  const n = shape.people;
  const rng = new Rng(shape.seed ?? 7);
  const now = shape.now ?? new Date('2025-03-01T00:00:00Z');
  const teamCount = shape.teams ?? Math.max(6, Math.round(n / 30));
  const teamWeights = Array.from({ length: teamCount }, (_, t) => 1 / Math.pow(t + 1, shape.zipf ?? 0.9));
  const zoneWeights = ORG_ZONES.map((z) => z.weight);
  const zoneTotal = zoneWeights.reduce((a, b) => a + b, 0);
  const homeZone = teamWeights.map(() => pickWeighted(rng, zoneWeights, zoneTotal));
  const big = shape.bigTeam;
  if (big) {
    // Team 0 takes `share` of everyone; the other teams share the rest in their Zipf proportions.
    const rest = teamWeights.slice(1).reduce((a, b) => a + b, 0);
    teamWeights[0] = (big.share / (1 - big.share)) * rest;
    if (big.zone) homeZone[0] = Math.max(0, ORG_ZONES.findIndex((z) => z.zone === big.zone));
  }
  const teamTotal = teamWeights.reduce((a, b) => a + b, 0);
  const departments = Math.max(3, Math.round(teamCount / 6));
  const deptOf = teamWeights.map((_, t) => `dept-${t % departments}`);

  const members: number[][] = teamWeights.map(() => []);
  const people: MatchPerson[] = [];
  const missingDept = shape.missingDepartment ?? 0.1;
  const missingLoc = shape.missingLocation ?? 0.15;
  for (let i = 0; i < n; i++) {
    const t = i < teamCount ? i : pickWeighted(rng, teamWeights, teamTotal); // every team has someone
    const home = t === 0 && big ? (big.homeShare ?? 0.75) : 0.75;
    const z = rng.nextFloat() < home ? homeZone[t]! : pickWeighted(rng, zoneWeights, zoneTotal);
    const place = ORG_ZONES[z]!;
    members[t]!.push(i);
    const person: MatchPerson = { id: `person${i}@example.com`, email: `person${i}@example.com`, name: `Person ${i}`,
      team: `team-${t}`, timezone: place.zone };
    if (rng.nextFloat() >= missingDept) person.department = deptOf[t]!;
    if (rng.nextFloat() >= missingLoc) person.location = place.city;
    people.push(person);
  }
  linkManagers(people, members, deptOf);
  return { people, history: pastWaves(rng, people, now, shape.pastWavesDaysAgo ?? [40, 130, 260]), now };
}

/**
 * The first member of each team leads it; big teams get sub-leads of about 8 people each; each team
 * lead reports to the lead of the first team of their department, and department heads report to
 * person 0 (the chief), so chains run four levels deep.
 */
function linkManagers(people: MatchPerson[], members: number[][], deptOf: readonly string[]): void {
  const headOf = new Map<string, number>();
  members.forEach((list, t) => {
    const lead = list[0]!;
    const head = headOf.get(deptOf[t]!);
    if (head === undefined) {
      headOf.set(deptOf[t]!, lead);
      if (lead !== 0) people[lead]!.managerId = people[0]!.id;
    } else people[lead]!.managerId = people[head]!.id;
    const subLeads = list.length > 10 ? list.slice(1, 1 + Math.floor(list.length / 8)) : [];
    for (const s of subLeads) people[s]!.managerId = people[lead]!.id;
    list.slice(1 + subLeads.length).forEach((m, k) => {
      people[m]!.managerId = people[subLeads.length > 0 ? subLeads[k % subLeads.length]! : lead]!.id;
    });
  });
}

function pastWaves(rng: Rng, people: readonly MatchPerson[], now: Date, daysAgo: readonly number[]): PastMeeting[] {
  const history: PastMeeting[] = [];
  for (const days of daysAgo) {
    const metOn = new Date(now.getTime() - days * 86_400_000);
    const joined = people.map((_, i) => i).filter(() => rng.nextFloat() < 0.6);
    rng.shuffle(joined);
    for (let s = 0; s + 4 <= joined.length; s += 5) {
      const pod = joined.slice(s, s + 5);
      for (let x = 0; x < pod.length; x++) for (let y = x + 1; y < pod.length; y++) {
        history.push({ a: people[pod[x]!]!.id, b: people[pod[y]!]!.id, metOn });
      }
    }
  }
  return history;
}

/** The benchmark's and tests' named organisations. */
export const ORG_PRESETS = {
  /** Zipf teams over 8 zones. */
  zipf: (people: number, seed = 7): OrgShape => ({ people, seed }),
  /** The case: one team is a third of everyone, 85% of it in Sydney (meets 3 of 7 other zones). */
  confined: (people: number, seed = 7): OrgShape => ({ people, seed, bigTeam: { share: 1 / 3, zone: 'Australia/Sydney', homeShare: 0.85 } }),
  /** One team is half of everyone: far more people than there are pods. */
  dominant: (people: number, seed = 7): OrgShape => ({ people, seed, bigTeam: { share: 0.5, zone: 'Asia/Singapore', homeShare: 0.8 } }),
} as const;
