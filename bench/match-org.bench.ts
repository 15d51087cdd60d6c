// Organisation-shaped matching benchmark: generated organisations (src/core/matching/generate),
// our matcher against a greedy builder and a random shuffle at equal pod sizes, every answer judged
// by the independent verifier, with the zone-aware bounds. One case per process (see run-org.ts),
// so peak RSS and a cold start are each case's own.
import { Rng } from '../src/core/grouping/rng.ts';
import { generateOrganisation, ORG_PRESETS, type GeneratedOrg } from '../src/core/matching/generate/org.ts';
import { greedyPods } from '../src/core/matching/greedy.ts';
import { matchPeople } from '../src/core/matching/match.ts';
import { buildModel, type PoolModel } from '../src/core/matching/model.ts';
import { describePods } from '../src/core/matching/pods.ts';
import { hardestFirst, poolShape } from '../src/core/matching/pool.ts';
import { resolveMatchSettings, type MatchSettings } from '../src/core/matching/types.ts';
import { verifyMatch } from '../src/core/matching/verify.ts';

/** The cases: Zipf organisations by size, and the skewed zone-confined ones. */
export const ORG_CASES: Record<string, { org: () => GeneratedOrg; about: string }> = {
  'zipf-500': { org: () => generateOrganisation(ORG_PRESETS.zipf(500, 7)), about: 'Zipf teams, 8 zones' },
  'zipf-2000': { org: () => generateOrganisation(ORG_PRESETS.zipf(2000, 7)), about: 'Zipf teams, 8 zones' },
  'zipf-10000': { org: () => generateOrganisation(ORG_PRESETS.zipf(10000, 7)), about: 'Zipf teams, 8 zones' },
  'zipf-50000': { org: () => generateOrganisation(ORG_PRESETS.zipf(50000, 7)), about: 'Zipf teams, 8 zones' },
  'confined-600': { org: () => generateOrganisation(ORG_PRESETS.confined(600, 7)), about: 'a third in one team, 85% of it in Sydney' },
  'confined-2000': { org: () => generateOrganisation(ORG_PRESETS.confined(2000, 7)), about: 'a third in one team, 85% of it in Sydney' },
  'dominant-2000': { org: () => generateOrganisation(ORG_PRESETS.dominant(2000, 7)), about: 'half in one team, 80% of it in Singapore' },
  'confined-50000': { org: () => generateOrganisation(ORG_PRESETS.confined(50000, 7)), about: 'a third in one team, 85% of it in Sydney' },
};

export interface AlgoRow { sameTeamPairs: number; allDistinct: number; repeatPairs: number; podsBreakingRules: number; ms: number }
export interface CaseRow {
  name: string; people: number; pods: number; placed: number; timeLimitMs: number;
  ours: AlgoRow; greedy: AlgoRow; random: AlgoRow;
  sameTeamPairsLowerBound: number; allTeamsDistinctUpperBound: number; allTeamsDistinctAtFewestPairs: number; boundProven: boolean;
  stoppedBecause: string; sameTeamBoundMetAtMs: number | null; cpuMs: number; peakRssMb: number;
}

function sameTeam(model: PoolModel, g: readonly number[]): number {
  let k = 0;
  for (let x = 0; x < g.length; x++) for (let y = 0; y < x; y++) if (model.team[g[x]!] === model.team[g[y]!]) k++;
  return k;
}

/** Figures for any grouping: same-team pairs, all-distinct pods, repeats, and pods the verifier rejects. */
function judge(org: GeneratedOrg, settings: MatchSettings, model: PoolModel, pods: number[][], ms: number): AlgoRow {
  const described = describePods(model, pods, () => []);
  const inPod = new Set(pods.flat());
  const unplaced = model.people.filter((_, i) => !inPod.has(i)).map((p) => ({ personId: p.id, reason: 'pool-remainder' as const, detail: 'left out', suggestion: 'next wave' }));
  const broken = new Set(verifyMatch(org, settings, { pods: described, unplaced }).map((v) => /^pod (\d+)/.exec(v)?.[1] ?? v));
  return {
    sameTeamPairs: pods.reduce((a, g) => a + sameTeam(model, g), 0),
    allDistinct: described.filter((p) => p.breakdown.allTeamsDistinct).length,
    repeatPairs: described.reduce((a, p) => a + p.breakdown.repeatPairs, 0),
    podsBreakingRules: broken.size, ms: Math.round(ms),
  };
}

/** Run one case in this process. */
export function runOrgCase(name: string, opts: { seed?: number; timeLimitMs?: number } = {}): CaseRow {
  const org = ORG_CASES[name]!.org();
  const seed = opts.seed ?? 1;
  const timeLimitMs = opts.timeLimitMs ?? (org.people.length >= 50000 ? 14_000 : 10_000);
  const settings = resolveMatchSettings({ firstWeekStart: new Date('2025-03-03T00:00:00Z'), seed, timeLimitMs }); // spans the US and EU DST changes
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = matchPeople(org, settings, org.now);
  const oursMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const { model } = buildModel(org, settings, org.now);
  const ourPods = result.pods.map((p) => p.members.map((id) => model.indexOf.get(id)!));
  const sizes = ourPods.map((g) => g.length);
  // Baselines at equal pod sizes: the same number of pods of each size.
  const t1 = performance.now();
  const order = model.people.map((_, i) => i);
  new Rng(seed).shuffle(order);
  const random: number[][] = [];
  let at = 0;
  for (const s of sizes) { random.push(order.slice(at, at + s)); at += s; }
  const randomMs = performance.now() - t1;
  const t2 = performance.now();
  const pool = model.people.map((_, i) => i);
  const greedy = greedyPods(model, hardestFirst(model, pool, poolShape(model, pool), seed), sizes, (t) => t).pods;
  const greedyMs = performance.now() - t2;
  return {
    name, people: org.people.length, pods: result.metrics.pods, placed: result.metrics.placed, timeLimitMs,
    ours: judge(org, settings, model, ourPods, oursMs), greedy: judge(org, settings, model, greedy, greedyMs), random: judge(org, settings, model, random, randomMs),
    sameTeamPairsLowerBound: result.metrics.sameTeamPairsLowerBound, allTeamsDistinctUpperBound: result.metrics.allTeamsDistinctUpperBound,
    allTeamsDistinctAtFewestPairs: result.metrics.allTeamsDistinctUpperBoundAtFewestPairs,
    boundProven: result.metrics.boundProven, stoppedBecause: result.metrics.stoppedBecause, sameTeamBoundMetAtMs: result.metrics.sameTeamBoundMetAtMs,
    cpuMs: Math.round((cpu.user + cpu.system) / 1000), peakRssMb,
  };
}
