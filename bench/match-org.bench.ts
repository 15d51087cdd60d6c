// Organisation-shaped matching benchmark: generated orgs of 500, 2,000 and 10,000 people (skewed
// teams, 8 time zones, manager chains, three past waves; commitment across the March DST changes),
// our matcher against a random shuffle (what most pairing bots do) and a greedy builder.
import { Rng } from '../src/core/grouping/rng.ts';
import { greedyPods, targetSizes } from '../src/core/matching/greedy.ts';
import { matchPeople } from '../src/core/matching/match.ts';
import { buildModel, type PoolModel } from '../src/core/matching/model.ts';
import { podBreakdown, podScore } from '../src/core/matching/objective.ts';
import { podIsFeasible } from '../src/core/matching/pods.ts';
import { hardestFirst, poolShape } from '../src/core/matching/pool.ts';
import { planPodSizes } from '../src/core/matching/sizing.ts';
import { resolveMatchSettings, type MatchSettings } from '../src/core/matching/types.ts';
import { verifyMatch } from '../src/core/matching/verify.ts';
import { generateOrg } from '../test/support/org-generator.ts';

export interface Quality {
  pods: number; placed: number; score: number; meanPairBenefit: number; allDistinct: number; allDistinctShare: number;
  repeatPairs: number; podsBreakingHardConstraints: number; ms: number;
}
export interface OrgRow {
  people: number; ours: Quality; random: Quality; greedy: Quality;
  allDistinctBound: number; verifierViolations: number; unplaced: number; peakRssMb: number; heapUsedMb: number;
}

function quality(model: PoolModel, pods: number[][], ms: number): Quality {
  let allDistinct = 0, repeatPairs = 0, broken = 0, score = 0, pairs = 0;
  for (const g of pods) {
    const b = podBreakdown(model, g);
    if (b.allTeamsDistinct) allDistinct++;
    repeatPairs += b.repeatPairs;
    score += podScore(model, g);
    pairs += (g.length * (g.length - 1)) / 2;
    if (!podIsFeasible(model, g)) broken++;
  }
  return { pods: pods.length, placed: pods.reduce((a, g) => a + g.length, 0), score: Math.round(score), meanPairBenefit: pairs ? score / pairs : 0, allDistinct,
    allDistinctShare: pods.length ? allDistinct / pods.length : 0, repeatPairs, podsBreakingHardConstraints: broken, ms: Math.round(ms) };
}

/** A pairing bot: shuffle everyone and cut the list into pods of 4-5, ignoring every constraint. */
function randomShuffle(model: PoolModel, seed: number): number[][] {
  const order = model.people.map((_, i) => i);
  new Rng(seed).shuffle(order);
  const plan = planPodSizes(order.length, model.settings);
  const pods: number[][] = [];
  let at = 0;
  for (const size of targetSizes(plan.placed, plan.regularPods, plan.exceptionSizes, model.settings.minSize)) {
    pods.push(order.slice(at, at + size));
    at += size;
  }
  return pods;
}

/** Greedy builder: seed each pod with the hardest person left, add the best feasible candidate. */
function greedy(model: PoolModel, seed: number): number[][] {
  const pool = model.people.map((_, i) => i);
  const order = hardestFirst(model, pool, poolShape(model, pool), seed);
  const plan = planPodSizes(pool.length, model.settings);
  const targets = targetSizes(plan.placed, plan.regularPods, plan.exceptionSizes, model.settings.minSize);
  return greedyPods(model, order, targets, (t) => Math.min(t, model.settings.minSize)).pods;
}

export function runOrg(opts: { sizes?: number[]; seed?: number; log?: (line: string) => void } = {}): OrgRow[] {
  const log = opts.log ?? ((line: string) => console.log(line));
  const seed = opts.seed ?? 1;
  const rows: OrgRow[] = [];
  for (const n of opts.sizes ?? [500, 2000, 10000]) {
    const org = generateOrg(n, seed + 6);
    const settings: MatchSettings = resolveMatchSettings({
      firstWeekStart: new Date('2025-03-03T00:00:00Z'), // spans the US (9 Mar) and EU (30 Mar) DST changes
      seed, timeLimitMs: n >= 10000 ? 1500 : 1000,
    });
    const t0 = performance.now();
    const result = matchPeople(org, settings, org.now);
    const oursMs = performance.now() - t0;
    const heapUsedMb = Math.round(process.memoryUsage().heapUsed / 1e6);
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    const violations = verifyMatch(org, settings, result);
    const { model } = buildModel(org, settings, org.now);
    const ours = quality(model, result.pods.map((p) => p.members.map((id) => model.indexOf.get(id)!)), oursMs);
    const t1 = performance.now();
    const rnd = randomShuffle(model, seed);
    const random = quality(model, rnd, performance.now() - t1);
    const t2 = performance.now();
    const gr = greedy(model, seed);
    const greedyQ = quality(model, gr, performance.now() - t2);
    const row: OrgRow = { people: n, ours, random, greedy: greedyQ, allDistinctBound: result.metrics.allTeamsDistinctUpperBound,
      verifierViolations: violations.length, unplaced: result.unplaced.length, peakRssMb, heapUsedMb };
    rows.push(row);
    const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
    const ratio = (a: number, b: number): string => (b === 0 ? 'n/a' : (a / b).toFixed(2));
    log(`people ${n}: ours ${ours.ms} ms, peak RSS ${peakRssMb} MB (heap ${heapUsedMb} MB), ${violations.length} hard-constraint violations (independent verifier), ${result.unplaced.length} unplaced`);
    for (const [name, q] of [['ours', ours], ['greedy', greedyQ], ['random', random]] as const) {
      log(`  ${name.padEnd(6)} pods ${String(q.pods).padStart(5)}  placed ${String(q.placed).padStart(6)}  all-distinct-teams ${String(q.allDistinct).padStart(5)} (${pct(q.allDistinctShare)})  repeat pairs ${String(q.repeatPairs).padStart(5)}  pods breaking hard constraints ${String(q.podsBreakingHardConstraints).padStart(5)}  mean pair benefit ${q.meanPairBenefit.toFixed(3)}  ${q.ms} ms`);
    }
    log(`  all-distinct bound ${row.allDistinctBound} pods (team sizes vs pod count, per window component): ours reach ${ratio(ours.allDistinct, row.allDistinctBound)} of it`);
    // Pair benefit per pair, not the raw sum: a solution with more pods of 4 has fewer pairs.
    log(`  ratios ours/greedy: mean pair benefit ${ratio(ours.meanPairBenefit, greedyQ.meanPairBenefit)}, all-distinct share ${ratio(ours.allDistinctShare, greedyQ.allDistinctShare)}; ours/random: mean pair benefit ${ratio(ours.meanPairBenefit, random.meanPairBenefit)}, all-distinct share ${ratio(ours.allDistinctShare, random.allDistinctShare)}`);
  }
  return rows;
}
