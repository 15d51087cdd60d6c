import type { GroupBounds } from '../grouping/problem.ts';
import type { MatchSettings } from './types.ts';

/**
 * How a pool of N people splits into pods. Regular pods have bounds min..max; "exception" pods use a
 * size the programme explicitly allows outside that range (e.g. 3 or 6) and are used only when the
 * pool cannot be split otherwise. Preference order: place as many people as possible, then use as
 * few exception pods as possible, then the fewest pods (pods of 5 survive one decline).
 */
export interface SizePlan {
  placed: number;
  regularPods: number;
  exceptionSizes: number[];
}

function regularPodsFor(r: number, min: number, max: number): number | null {
  if (r === 0) return 0;
  const g = Math.ceil(r / max);
  return g * min <= r ? g : null;
}

function* multisets(sizes: readonly number[], count: number, from = 0): Generator<number[]> {
  if (count === 0) { yield []; return; }
  for (let k = from; k < sizes.length; k++) {
    for (const rest of multisets(sizes, count - 1, k)) yield [sizes[k]!, ...rest];
  }
}

const MAX_EXCEPTION_PODS = 4;

export function planPodSizes(n: number, settings: Pick<MatchSettings, 'minSize' | 'maxSize' | 'allowSizes'>): SizePlan {
  const { minSize: min, maxSize: max } = settings;
  const extra = [...new Set(settings.allowSizes)].filter((s) => s >= 2 && (s < min || s > max)).sort((a, b) => a - b);
  for (let placed = n; placed >= 0; placed--) {
    for (let e = 0; e <= (extra.length === 0 ? 0 : MAX_EXCEPTION_PODS); e++) {
      for (const ex of multisets(extra, e)) {
        const rest = placed - ex.reduce((a, b) => a + b, 0);
        if (rest < 0) continue;
        const g = regularPodsFor(rest, min, max);
        if (g !== null) return { placed, regularPods: g, exceptionSizes: ex };
      }
    }
  }
  return { placed: 0, regularPods: 0, exceptionSizes: [] };
}

/** Bounds for the grouping engine: regular pods flexible within min..max, exception pods exact. */
export function planBounds(plan: SizePlan, settings: Pick<MatchSettings, 'minSize' | 'maxSize'>): GroupBounds[] {
  const bounds: GroupBounds[] = [];
  for (let g = 0; g < plan.regularPods; g++) bounds.push({ min: settings.minSize, max: settings.maxSize });
  for (const s of plan.exceptionSizes) bounds.push({ min: s, max: s });
  return bounds;
}

/** Smallest pod the programme accepts at all. */
export function smallestPod(settings: Pick<MatchSettings, 'minSize' | 'allowSizes'>): number {
  return Math.min(settings.minSize, ...settings.allowSizes.filter((s) => s >= 2));
}

/** Sentence for people left over by pool size, e.g. "pool of 7 cannot split into pods of 4–5". */
export function remainderExplanation(n: number, settings: Pick<MatchSettings, 'minSize' | 'maxSize' | 'allowSizes'>): { detail: string; suggestion: string } {
  const range = `${settings.minSize}–${settings.maxSize}`;
  const allowed = settings.allowSizes.length > 0 ? ` (or the allowed ${settings.allowSizes.join('/')})` : '';
  const alt = [settings.minSize - 1, settings.maxSize + 1].filter((s) => s >= 2 && !settings.allowSizes.includes(s));
  const allowHint = alt.length > 0 ? `allow a pod of ${alt.join(' or ')}, or ` : '';
  return {
    detail: `pool of ${n} cannot split into pods of ${range}${allowed}`,
    suggestion: `${allowHint}add people from another team, or carry them over to the next wave`,
  };
}
