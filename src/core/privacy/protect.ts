import { RowSpace } from './row-space.ts';
import { MIN_PEOPLE } from './threshold.ts';

/**
 * One group of people that no published figure splits: everyone in it shares every attribute
 * any figure on the surface distinguishes (team, what happened to them in each wave, …).
 */
export interface Atom {
  people: number;
  /**
   * The part of the surface the atom belongs to (its team), when figures about that part only
   * are common. Only speeds the arithmetic up, never changes what is shown: atoms of one block
   * are kept together, the largest block first, so the few figures over everyone leave their
   * dense rows in the first block and every other block's figures stay small to reduce.
   */
  block?: string;
}

/**
 * A figure to publish, as the groups of atoms it reveals something about. A count reveals one
 * group; a rate reveals its numerator's group and its denominator's group (with the denominator
 * known, the numerator follows); a mean reveals the group it averages over.
 */
export interface FigureRequest {
  id: string;
  groups: readonly (readonly number[])[];
  /**
   * The population the figure picks its people from (a team's people, a wave's invitees). A
   * group of 0 people is itself a figure about that population ("0 of Legal took part", an
   * attendance rate of "n/a" because nobody in Legal took part): when the population has 1–4
   * people it says something about each of them, so it is hidden like any small figure.
   */
  within?: readonly number[];
}

export type HiddenReason = 'fewer_than_5' | 'complementary';

export interface Protection {
  /** Ids of the figures that may be shown. */
  shown: Set<string>;
  /** Figures that must not be shown, and why (the reason is for audits, never for the viewer). */
  hidden: Map<string, HiddenReason>;
}

/**
 * Decides, for every figure on one surface (or every surface one viewer can see), which may be
 * shown so that no figure about fewer than 5 people can be derived by linear arithmetic from
 * the shown ones: a small group itself, a total beside its parts, two related counts whose
 * difference is small, a row's remainder (any sum of groups of people that follows from the
 * shown figures and comes to 1–4 people). Figures are considered in the order given (put the
 * most useful first): each is shown unless, together with those already shown, it would make a
 * group of 1–4 people derivable; then it is hidden (a complementary suppression when the
 * figure itself is over 5 or more people). Showing is monotone (a subset of a safe set is safe),
 * so any surface may show any subset of `shown`. A group of 0 people describes nobody and may be
 * shown, unless the figure's population (`within`) has 1–4 people: then "none of them" is a
 * figure about fewer than 5, and the 0 (or the "n/a" of a rate over nobody) is hidden too.
 */
export function protect(atoms: readonly Atom[], figures: readonly FigureRequest[]): Protection {
  // Columns: large atoms, then small ones; empty atoms add nothing to any sum and are left out.
  const order = atoms.map((_, index) => index).filter((index) => atoms[index]!.people > 0);
  const blockSize = new Map<string | undefined, number>();
  for (const index of order) blockSize.set(atoms[index]!.block, (blockSize.get(atoms[index]!.block) ?? 0) + 1);
  const blockRank = new Map([...blockSize.keys()].sort((a, b) => blockSize.get(b)! - blockSize.get(a)! || String(a).localeCompare(String(b))).map((b, i) => [b, i]));
  order.sort((x, y) =>
    Number(atoms[x]!.people < MIN_PEOPLE) - Number(atoms[y]!.people < MIN_PEOPLE) ||
    blockRank.get(atoms[x]!.block)! - blockRank.get(atoms[y]!.block)! || x - y);
  const column = new Int32Array(atoms.length).fill(-1);
  order.forEach((atom, position) => (column[atom] = position));
  const firstSmall = order.findIndex((atom) => atoms[atom]!.people < MIN_PEOPLE);
  const space = new RowSpace(Int32Array.from(order, (atom) => atoms[atom]!.people), firstSmall < 0 ? order.length : firstSmall);

  const shown = new Set<string>();
  const hidden = new Map<string, HiddenReason>();
  for (const figure of figures) {
    if (shown.has(figure.id) || hidden.has(figure.id)) throw new Error(`figure ${figure.id} requested twice`);
    const sum = (group: readonly number[]) => group.reduce((total, atom) => total + atoms[atom]!.people, 0);
    const population = figure.within ? sum(figure.within) : 0;
    const small = figure.groups.some((group) => {
      const people = sum(group);
      return people > 0 ? people < MIN_PEOPLE : population > 0 && population < MIN_PEOPLE;
    });
    if (small) {
      hidden.set(figure.id, 'fewer_than_5');
      continue;
    }
    const undo: (() => void)[] = [];
    let safe = true;
    for (const group of figure.groups) {
      const columns: number[] = [];
      for (const atom of group) if (column[atom]! >= 0) columns.push(column[atom]!); // a repeated atom is harmless: its entry is set, not added
      const inserted = space.insert(columns);
      if (inserted.leaks) {
        safe = false;
        break;
      }
      undo.push(inserted.undo);
    }
    if (safe) shown.add(figure.id);
    else {
      for (const step of undo.reverse()) step();
      hidden.set(figure.id, 'complementary');
    }
  }
  return { shown, hidden };
}
