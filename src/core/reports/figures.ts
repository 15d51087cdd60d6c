import type { FigureRequest } from '../privacy/index.ts';
import type { PeopleGroup, WaveSums } from './people-groups.ts';

export type FigureKind = 'count' | 'share' | 'attendance' | 'value';

/** One figure as every HR surface shows it. `value` is null when hidden or when nobody is in its base. */
export interface Figure {
  id: string;
  kind: FigureKind;
  hidden: boolean;
  /** count: people; share and attendance: 0–1; value: mean rating 1–5. */
  value: number | null;
  /** The people the figure is about (the denominator of a share); null when hidden. */
  base: number | null;
}

type Select = (group: PeopleGroup) => boolean;

interface Spec {
  id: string;
  kind: FigureKind;
  /** count: who is counted; share: the numerator; attendance/value: who it is measured over. */
  who: Select;
  /** share: the denominator. */
  of?: Select;
  /** attendance/value: which waves' sums (all when absent). */
  waves?: readonly string[];
  /** Only this team's groups can match (saves scanning every group for a per-team figure). */
  team?: string;
  /** A figure over extra atoms only (connection cells): their indexes among the extra atoms. */
  extras?: readonly number[];
  /** The population the figure is about (see FigureRequest.within); the whole scope when absent. */
  within?: Select;
}

/** Where a figure's people are picked from, for the privacy module's rule on zeros. */
export interface Within {
  within?: Select;
}

/**
 * Collects the figures of a report in the order the privacy module should consider them (most
 * useful first), then computes each one's value over the people groups.
 */
export class FigureBook {
  private readonly specs: Spec[] = [];
  /** Extra single-group atoms (connection cells), appended after the people groups. */
  private readonly extra: number[] = [];

  private readonly byTeam = new Map<string, number[]>();
  private readonly all: readonly number[];

  constructor(private readonly groups: readonly PeopleGroup[]) {
    this.all = groups.map((_, i) => i);
    groups.forEach((g, i) => {
      const list = this.byTeam.get(g.teamId) ?? [];
      list.push(i);
      this.byTeam.set(g.teamId, list);
    });
  }

  count(id: string, who: Select, team?: string, options: Within = {}): string {
    return this.add({ id, kind: 'count', who, ...(team ? { team } : {}), ...options });
  }

  share(id: string, who: Select, of: Select, team?: string, options: Within = {}): string {
    return this.add({ id, kind: 'share', who: (g) => of(g) && who(g), of, ...(team ? { team } : {}), ...options });
  }

  attendance(id: string, who: Select, waves?: readonly string[], team?: string, options: Within = {}): string {
    return this.add({ id, kind: 'attendance', who, ...(waves ? { waves } : {}), ...(team ? { team } : {}), ...options });
  }

  value(id: string, who: Select, waves?: readonly string[], team?: string, options: Within = {}): string {
    return this.add({ id, kind: 'value', who, ...(waves ? { waves } : {}), ...(team ? { team } : {}), ...options });
  }

  /** Indexes of the groups a spec may match. */
  private scope(spec: Spec): readonly number[] {
    return spec.team ? (this.byTeam.get(spec.team) ?? []) : this.all;
  }

  /**
   * An atom outside the people groups (a connection cell: people of two teams who shared a pod,
   * each counted once per pair of teams); figures over such atoms are made with `extraCount`.
   */
  extraAtom(people: number): number {
    this.extra.push(people);
    return this.extra.length - 1;
  }

  /** A count over extra atoms (a connection cell, or the total over all cells). */
  extraCount(id: string, extras: readonly number[]): string {
    return this.add({ id, kind: 'count', who: () => false, extras });
  }

  private add(spec: Spec): string {
    this.specs.push(spec);
    return spec.id;
  }

  /** The atoms and figure requests for the privacy module. */
  requests(): { atoms: { people: number }[]; figures: FigureRequest[] } {
    const atoms = [...this.groups.map((g) => ({ people: g.people, block: g.teamId })), ...this.extra.map((people) => ({ people, block: '' }))];
    const figures = this.specs.map((spec) => {
      const extras = spec.extras;
      if (extras) return { id: spec.id, groups: [extras.map((k) => this.groups.length + k)] };
      const scope = this.scope(spec);
      const indexes = (select: Select) => scope.filter((i) => select(this.groups[i]!));
      const within = spec.within ? indexes(spec.within) : scope;
      return { id: spec.id, groups: spec.of ? [indexes(spec.who), indexes(spec.of)] : [indexes(spec.who)], within };
    });
    return { atoms, figures };
  }

  /** Every figure's value, with hidden ones blanked. */
  evaluate(shown: ReadonlySet<string>): Map<string, Figure> {
    const result = new Map<string, Figure>();
    for (const spec of this.specs) {
      const extras = spec.extras;
      const hidden = !shown.has(spec.id);
      const blank = { id: spec.id, kind: spec.kind, hidden, value: null, base: null };
      if (hidden) {
        result.set(spec.id, blank);
        continue;
      }
      if (extras) {
        let people = 0;
        for (const k of extras) people += this.extra[k]!;
        result.set(spec.id, { ...blank, value: people, base: people });
        continue;
      }
      result.set(spec.id, { ...blank, ...this.compute(spec) });
    }
    return result;
  }

  private compute(spec: Spec): { value: number | null; base: number } {
    const scope = this.scope(spec);
    const groups = this.groups;
    const people = (select: Select) => {
      let sum = 0;
      for (const i of scope) if (select(groups[i]!)) sum += groups[i]!.people;
      return sum;
    };
    if (spec.kind === 'count') return { value: people(spec.who), base: people(spec.who) };
    if (spec.kind === 'share') {
      const base = people(spec.of!);
      return { value: base ? people(spec.who) / base : null, base };
    }
    const total = { expected: 0, attended: 0, ratingSum: 0, ratingCount: 0 } satisfies WaveSums;
    let base = 0;
    for (const i of scope) {
      const g = groups[i]!;
      if (!spec.who(g)) continue;
      base += g.people;
      for (const wave in g.sums) {
        if (spec.waves && !spec.waves.includes(wave)) continue;
        const sums = g.sums[wave]!;
        total.expected += sums.expected;
        total.attended += sums.attended;
        total.ratingSum += sums.ratingSum;
        total.ratingCount += sums.ratingCount;
      }
    }
    if (spec.kind === 'attendance') return { value: total.expected ? total.attended / total.expected : null, base };
    return { value: total.ratingCount ? total.ratingSum / total.ratingCount : null, base };
  }
}
