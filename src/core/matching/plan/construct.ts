import { seededHash } from '../pool.ts';
import type { PoolModel } from '../model.ts';
import { SMALL_TEAMS, type Aggregate } from './aggregate.ts';
import type { SameTeamPlan } from './programs.ts';

/**
 * Turn the plan into pods. For each clique, take the planned number of people from each zone ×
 * team cell, sort them by team and deal them round-robin over the clique's pods: every team is then
 * spread as evenly as possible, so the pods have exactly the plan's same-team pairs (before manager
 * and exclusion rules, which the search repairs). Pods of one clique share its window by definition.
 */
export interface Constructed {
  pods: number[][];
  /** Exception-size pods keep their size in the search. */
  fixedSize: boolean[];
  /** People the plan leaves out, hardest to place first within each cell. */
  left: number[];
}

export function constructPods(model: PoolModel, pool: readonly number[], agg: Aggregate, plan: SameTeamPlan, seed: number): Constructed {
  // People of each cell, in the order they are handed out: small teams kept together (so a clique
  // receives whole small teams and can spread them), people with many conflicts last (left out first).
  const cellOf = new Map<string, number>();
  agg.cells.forEach((c, k) => cellOf.set(`${c.zone}:${c.team}`, k));
  const members: number[][] = agg.cells.map(() => []);
  for (const i of pool) {
    const z = model.zoneClass[i]!, t = model.team[i]!;
    members[cellOf.get(`${z}:${t}`) ?? cellOf.get(`${z}:${SMALL_TEAMS}`)!]!.push(i);
  }
  const hash = (i: number): number => seededHash(model.people[i]!.id, seed);
  for (const list of members) list.sort((a, b) => model.team[a]! - model.team[b]! || hash(a) - hash(b));
  const left: number[] = [];
  plan.unplaced.forEach((out, c) => {
    // Leave out those with the most manager/exclusion conflicts: the hardest to seat anyway.
    const list = members[c]!;
    const order = [...list].sort((a, b) => model.conflicts[b]!.length - model.conflicts[a]!.length || hash(a) - hash(b));
    const gone = new Set(order.slice(0, out));
    left.push(...order.slice(0, out));
    members[c] = list.filter((i) => !gone.has(i));
  });
  const cursor = agg.cells.map(() => 0);
  const pods: number[][] = [];
  const fixedSize: boolean[] = [];
  plan.people.forEach((cells, q) => {
    const people: number[] = [];
    for (const [c, n] of cells) { people.push(...members[c]!.slice(cursor[c]!, cursor[c]! + n)); cursor[c]! += n; }
    people.sort((a, b) => model.team[a]! - model.team[b]! || hash(a) - hash(b));
    // Big teams first so their members take consecutive pods.
    const size = new Map<number, number>();
    for (const i of people) size.set(model.team[i]!, (size.get(model.team[i]!) ?? 0) + 1);
    people.sort((a, b) => size.get(model.team[b]!)! - size.get(model.team[a]!)! || model.team[a]! - model.team[b]!);
    const caps: number[] = [];
    for (const [s, k] of plan.exceptionPods[q]!) for (let e = 0; e < k; e++) caps.push(s);
    const regular = plan.regularPods[q]!;
    const rest = people.length - caps.reduce((a, b) => a + b, 0);
    for (let r = 0; r < regular; r++) caps.push(Math.floor(rest / regular) + (r < rest % regular ? 1 : 0));
    const base = pods.length;
    for (let k = 0; k < caps.length; k++) { pods.push([]); fixedSize.push(k < caps.length - regular); }
    let at = 0;
    for (const i of people) {
      let guard = 0;
      while (pods[base + at]!.length >= caps[at]! && guard++ < caps.length) at = (at + 1) % caps.length;
      pods[base + at]!.push(i);
      at = (at + 1) % caps.length;
    }
  });
  return { pods: pods.filter((g) => g.length > 0), fixedSize: fixedSize.filter((_, k) => pods[k]!.length > 0), left };
}
