import { pairKey, type PoolModel } from './model.ts';
import type { PodBreakdown } from './types.ts';

/** differ(a, b) for attribute codes: unknown (-1) never counts as different. */
function differ(a: number, b: number): number {
  return a !== b && a >= 0 && b >= 0 ? 1 : 0;
}

/** Pair benefit of putting i and j in the same pod (see the objective in types.ts). */
export function pairBenefit(model: PoolModel, i: number, j: number): number {
  const w = model.settings.weights;
  const n = model.people.length;
  const recency = model.recency.size === 0 ? 0 : (model.recency.get(pairKey(n, i, j)) ?? 0);
  return w.team * differ(model.team[i]!, model.team[j]!)
    + w.department * differ(model.department[i]!, model.department[j]!)
    + w.location * differ(model.location[i]!, model.location[j]!)
    - w.novelty * recency;
}

/** Sum of pair benefits inside a pod. */
export function podScore(model: PoolModel, members: readonly number[]): number {
  let s = 0;
  for (let x = 0; x < members.length; x++) {
    for (let y = x + 1; y < members.length; y++) s += pairBenefit(model, members[x]!, members[y]!);
  }
  return s;
}

/** Benefit of adding `i` to a pod. */
export function marginalBenefit(model: PoolModel, members: readonly number[], i: number): number {
  let s = 0;
  for (const m of members) s += pairBenefit(model, m, i);
  return s;
}

function distinct(values: Iterable<number | string>): number {
  return new Set(values).size;
}

/** The explanation a lead sees next to a pod. */
export function podBreakdown(model: PoolModel, members: readonly number[]): PodBreakdown {
  const w = model.settings.weights;
  const n = model.people.length;
  let teamScore = 0, departmentScore = 0, locationScore = 0, noveltyCost = 0, repeatPairs = 0;
  for (let x = 0; x < members.length; x++) {
    for (let y = x + 1; y < members.length; y++) {
      const i = members[x]!, j = members[y]!;
      teamScore += w.team * differ(model.team[i]!, model.team[j]!);
      departmentScore += w.department * differ(model.department[i]!, model.department[j]!);
      locationScore += w.location * differ(model.location[i]!, model.location[j]!);
      const r = model.recency.get(pairKey(n, i, j));
      if (r !== undefined) { repeatPairs++; noveltyCost += w.novelty * r; }
    }
  }
  const teams = distinct(members.map((i) => model.team[i]!));
  return {
    size: members.length,
    teamsDistinct: teams,
    allTeamsDistinct: teams === members.length,
    departmentsDistinct: distinct(members.map((i) => model.people[i]!.department ?? '')),
    locationsDistinct: distinct(members.map((i) => model.people[i]!.location ?? '')),
    timezonesDistinct: distinct(members.map((i) => model.people[i]!.timezone)),
    repeatPairs,
    teamScore, departmentScore, locationScore,
    noveltyCost: round2(noveltyCost),
  };
}

export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
