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
  const components = new Components(atoms, figures);
  const shown = new Set<string>();
  const hidden = new Map<string, HiddenReason>();
  for (const figure of figures) {
    if (shown.has(figure.id) || hidden.has(figure.id)) throw new Error(`figure ${figure.id} requested twice`);
    const sum = (group: readonly number[]) => {
      let total = 0;
      for (const atom of group) total += atoms[atom]!.people;
      return total;
    };
    const population = figure.within ? sum(figure.within) : 0;
    const small = figure.groups.some((group) => {
      const people = sum(group);
      return people > 0 ? people < MIN_PEOPLE : population > 0 && population < MIN_PEOPLE;
    });
    if (small) hidden.set(figure.id, 'fewer_than_5');
    else if (components.show(figure)) shown.add(figure.id);
    else hidden.set(figure.id, 'complementary');
  }
  return { shown, hidden };
}

/**
 * The figures' atoms split into independent parts: atoms no figure sums together never meet in
 * any derivation, so each part (the people groups; the connection map's cells with their
 * totals) gets its own row space, and an atom only one single-atom figure mentions (a cell of
 * 5 or more nobody sums) needs none: it adds a large column no other row touches, which no
 * combination can cancel. Rows already shown are remembered by their atoms, so a figure that
 * repeats one (a share's numerator is often a count shown above) costs a lookup, not a
 * reduction.
 */
class Components {
  private readonly root: Int32Array;
  private readonly uses: Int32Array;
  /** Each atom's column in its part's row space (-1: empty, or its part not built yet). */
  private readonly column: Int32Array;
  private readonly spaces = new Map<number, { space: RowSpace; rows: Set<string> }>();

  constructor(private readonly atoms: readonly Atom[], figures: readonly FigureRequest[]) {
    this.root = Int32Array.from(atoms, (_, i) => i);
    this.uses = new Int32Array(atoms.length);
    this.column = new Int32Array(atoms.length).fill(-1);
    for (const figure of figures) {
      let first = -1;
      for (const group of figure.groups) {
        for (const atom of group) {
          this.uses[atom]!++;
          if (first < 0) first = atom;
          else this.union(first, atom);
        }
      }
    }
  }

  private find(atom: number): number {
    const root = this.root;
    while (root[atom] !== atom) {
      root[atom] = root[root[atom]!]!;
      atom = root[atom]!;
    }
    return atom;
  }

  private union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.root[Math.max(ra, rb)] = Math.min(ra, rb);
  }

  /** Shows the figure if no group of 1–4 people becomes derivable; false (and nothing changed) otherwise. */
  show(figure: FigureRequest): boolean {
    const first = figure.groups.find((group) => group.length > 0)?.[0];
    if (first === undefined) return true;
    if (figure.groups.length === 1 && figure.groups[0]!.length === 1 && this.uses[first] === 1) return true;
    const part = this.part(this.find(first));
    const undo: (() => void)[] = [];
    const added: string[] = [];
    for (const group of figure.groups) {
      const columns: number[] = [];
      for (const atom of group) {
        const column = this.column[atom]!;
        if (column >= 0) columns.push(column); // a repeated atom is harmless: its entry is set, not added
      }
      columns.sort((x, y) => x - y);
      const key = columns.join(',');
      if (part.rows.has(key)) continue;
      const inserted = part.space.insert(columns);
      if (inserted.leaks) {
        for (const step of undo.reverse()) step();
        for (const k of added) part.rows.delete(k);
        return false;
      }
      undo.push(inserted.undo);
      part.rows.add(key);
      added.push(key);
    }
    return true;
  }

  /**
   * The row space of one part. Columns: large atoms, then small ones; empty atoms add nothing
   * to any sum and are left out.
   */
  private part(root: number) {
    let part = this.spaces.get(root);
    if (part) return part;
    const atoms = this.atoms;
    const order: number[] = [];
    for (let i = 0; i < atoms.length; i++) if (atoms[i]!.people > 0 && this.find(i) === root) order.push(i);
    const blockSize = new Map<string | undefined, number>();
    for (const index of order) blockSize.set(atoms[index]!.block, (blockSize.get(atoms[index]!.block) ?? 0) + 1);
    const blockRank = new Map([...blockSize.keys()].sort((a, b) => blockSize.get(b)! - blockSize.get(a)! || String(a).localeCompare(String(b))).map((b, i) => [b, i]));
    order.sort((x, y) =>
      Number(atoms[x]!.people < MIN_PEOPLE) - Number(atoms[y]!.people < MIN_PEOPLE) ||
      blockRank.get(atoms[x]!.block)! - blockRank.get(atoms[y]!.block)! || x - y);
    order.forEach((atom, position) => (this.column[atom] = position));
    const firstSmall = order.findIndex((atom) => atoms[atom]!.people < MIN_PEOPLE);
    const space = new RowSpace(Int32Array.from(order, (atom) => atoms[atom]!.people), firstSmall < 0 ? order.length : firstSmall);
    part = { space, rows: new Set<string>() };
    this.spaces.set(root, part);
    return part;
  }
}

/**
 * Remembers the last protection and gives it again while nothing it depends on moved. The
 * decisions depend on the figures' groups, and on people only through classes: which atoms are
 * empty, which are 1–4 people and exactly how many, which are 5 or more; and, for each figure,
 * whether each group (and its population) is empty, 1–4 or 5 or more. An attendance mark or a
 * retro rating changes sums, not people, so the next build after one reuses the last answer;
 * a person joining a team or a wave usually moves an atom and the figures are protected again.
 */
export class ProtectionMemo {
  private last?: { classes: Int32Array; figures: readonly FigureRequest[]; sizes: Int32Array; protection: Protection };

  protect(atoms: readonly Atom[], figures: readonly FigureRequest[]): Protection {
    const classes = Int32Array.from(atoms, (a) => (a.people >= MIN_PEOPLE ? MIN_PEOPLE : a.people));
    const sizes = groupClasses(classes, figures);
    const last = this.last;
    if (last && sameInts(last.classes, classes) && sameInts(last.sizes, sizes) && sameFigures(last.figures, figures)) {
      return { shown: new Set(last.protection.shown), hidden: new Map(last.protection.hidden) };
    }
    const protection = protect(atoms, figures);
    this.last = { classes, figures, sizes, protection };
    return { shown: new Set(protection.shown), hidden: new Map(protection.hidden) };
  }
}

/** Each figure's groups and population as 0, 1–4 or 5 (for 5 or more). */
function groupClasses(classes: Int32Array, figures: readonly FigureRequest[]): Int32Array {
  const out: number[] = [];
  const size = (group: readonly number[]) => {
    let total = 0;
    for (const atom of group) if ((total += classes[atom]!) >= MIN_PEOPLE) return MIN_PEOPLE;
    return total;
  };
  for (const figure of figures) {
    for (const group of figure.groups) out.push(size(group));
    out.push(figure.within ? size(figure.within) : -1);
  }
  return Int32Array.from(out);
}

function sameInts(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const sameList = (a: readonly number[] | undefined, b: readonly number[] | undefined) =>
  a === b || (a !== undefined && b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]));

function sameFigures(a: readonly FigureRequest[], b: readonly FigureRequest[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.id !== y.id || x.groups.length !== y.groups.length || !sameList(x.within, y.within)) return false;
    for (let g = 0; g < x.groups.length; g++) if (!sameList(x.groups[g], y.groups[g])) return false;
  }
  return true;
}
