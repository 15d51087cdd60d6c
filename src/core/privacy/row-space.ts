/**
 * What an attacker can derive by linear arithmetic from published figures, kept incrementally.
 *
 * Every published figure is a sum over disjoint groups of people ("atoms"), so it is a 0/1 row
 * over the atoms and the attacker can derive exactly the row space R of what is shown. Empty
 * atoms are left out (they add nothing to any sum, and an attacker may know they are empty).
 * Columns are numbered so that atoms of 5 or more people come first, then small atoms (1–4
 * people). A group of 1–4 people can only be made of small atoms, so a leak is a 0/1 vector in
 * W = R ∩ span(small atoms) with at most 4 people. With R kept in echelon form (distinct
 * leading columns), W is spanned by the rows whose leading column is a small atom (any
 * combination's first non-zero column is the smallest leading column it uses). W is kept
 * apart in reduced form, where a vector of W is fixed by its values on W's leading columns: so
 * every 0/1 vector of W with at most 4 people is found by trying each set of leading columns
 * whose people add up to at most 4 (a bounded search; past its budget a figure is hidden).
 *
 * Arithmetic is exact modulo two primes below 2^26 (products stay exact in doubles); an entry
 * counts as zero (or one) only when it is so modulo both, which for the small integers
 * elimination of 0/1 rows produces means it is so over the rationals.
 */
const P = [67_108_859, 67_108_837] as const;

interface Row {
  cols: Int32Array;
  a: Float64Array;
  b: Float64Array;
}

function mod(value: number, p: number): number {
  const r = value % p;
  return r < 0 ? r + p : r;
}

function inverse(value: number, p: number): number {
  let [oldR, r, oldS, s] = [value, p, 1, 0];
  while (r !== 0) {
    const q = Math.floor(oldR / r);
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return mod(oldS, p);
}

export type Insertion = { leaks: false; undo: () => void } | { leaks: true };

/** Beyond this many candidate groups per figure the search gives up and calls it a leak (safe side). */
const SEARCH_BUDGET = 50_000;
/** Past this many pending columns a row is walked column by column instead of through a heap. */
const DENSE = 256;

export class RowSpace {
  /** Echelon rows by leading column. */
  private readonly pivots: (Row | undefined)[] = [];
  /** W = R ∩ span(small atoms) in reduced form: leading column → row (1 there, 0 at W's other leads). */
  private small = new Map<number, Row>();
  private readonly a: Float64Array;
  private readonly b: Float64Array;
  /** Reused by every reduction (always left empty). */
  private readonly heap: MinHeap;

  /**
   * @param people people in each column's atom (none empty): 5 or more first, then 1–4
   * @param firstSmall first column of a small atom
   */
  constructor(private readonly people: Int32Array, private readonly firstSmall: number) {
    this.a = new Float64Array(people.length);
    this.b = new Float64Array(people.length);
    this.heap = new MinHeap(people.length);
  }

  /**
   * Adds a published row (the atoms a figure sums over) unless that would let a group of 1–4
   * people be derived. On success returns an undo, so a figure of several rows is all or nothing.
   */
  insert(columns: readonly number[]): Insertion {
    const row = this.reduce(columns);
    if (!row) return { leaks: false, undo: () => {} }; // already derivable: showing it adds nothing
    const lead = row.cols[0]!;
    if (lead < this.firstSmall) {
      this.pivots[lead] = row;
      return { leaks: false, undo: () => void (this.pivots[lead] = undefined) };
    }
    const before = this.small;
    this.addToSmall(row);
    if (this.hasSmallGroup()) {
      this.small = before;
      return { leaks: true };
    }
    this.pivots[lead] = row;
    return {
      leaks: false,
      undo: () => {
        this.pivots[lead] = undefined;
        this.small = before;
      },
    };
  }

  /** Reduces a 0/1 row by the echelon rows until its first column is new; undefined if it vanishes. */
  private reduce(columns: readonly number[]): Row | undefined {
    if (columns.length === 0) return undefined;
    const { a, b, pivots } = this;
    // Columns are visited in order: through a heap while the row is sparse, by a plain walk
    // once it has become dense (reducing by a pivot only adds columns after the current one).
    const heap = this.heap;
    let lo = Infinity;
    let hi = -1;
    for (const c of columns) {
      heap.push(c);
      a[c] = 1;
      b[c] = 1;
      if (c < lo) lo = c;
      if (c > hi) hi = c;
    }
    let walk = -1;
    let lead = -1;
    for (;;) {
      let c: number;
      if (walk >= 0) {
        while (walk <= hi && a[walk] === 0 && b[walk] === 0) walk++;
        if (walk > hi) break;
        c = walk++;
      } else {
        if (!heap.size) break;
        c = heap.pop();
        if (a[c] === 0 && b[c] === 0) continue;
      }
      const pivot = pivots[c];
      if (!pivot) {
        lead = c;
        break;
      }
      const fa = a[c]!;
      const fb = b[c]!;
      const { cols, a: pa, b: pb } = pivot;
      for (let i = 0; i < cols.length; i++) {
        const col = cols[i]!;
        const wasZero = a[col] === 0 && b[col] === 0;
        a[col] = mod(a[col]! - fa * pa[i]!, P[0]);
        b[col] = mod(b[col]! - fb * pb[i]!, P[1]);
        if (col > hi) hi = col;
        if (walk < 0 && wasZero && col !== c) heap.push(col);
      }
      if (walk < 0 && heap.size > DENSE) walk = c + 1;
    }
    heap.clear();
    let row: Row | undefined;
    if (lead >= 0) {
      const cols: number[] = [];
      for (let c = lead; c <= hi; c++) if (a[c] !== 0 || b[c] !== 0) cols.push(c);
      row = normalised(cols, (c) => a[c]!, (c) => b[c]!, lead);
    }
    a.fill(0, lo, hi + 1);
    b.fill(0, lo, hi + 1);
    return row;
  }

  /** Puts a row of small atoms into W's reduced form; returns its leading column there. */
  private addToSmall(row: Row): number {
    const va = new Map<number, number>();
    const vb = new Map<number, number>();
    row.cols.forEach((c, i) => (va.set(c, row.a[i]!), vb.set(c, row.b[i]!)));
    for (const [lead, w] of this.small) axpy(va, vb, -(va.get(lead) ?? 0), -(vb.get(lead) ?? 0), w);
    const cols = [...va.keys()].filter((c) => va.get(c) !== 0 || vb.get(c) !== 0).sort((x, y) => x - y);
    const lead = cols[0]!;
    const fresh = normalised(cols, (c) => va.get(c)!, (c) => vb.get(c)!, lead);
    const next = new Map<number, Row>();
    for (const [l, w] of this.small) {
      const k = w.cols.indexOf(lead);
      if (k < 0) {
        next.set(l, w);
        continue;
      }
      const wa = new Map<number, number>();
      const wb = new Map<number, number>();
      w.cols.forEach((c, i) => (wa.set(c, w.a[i]!), wb.set(c, w.b[i]!)));
      axpy(wa, wb, -w.a[k]!, -w.b[k]!, fresh);
      const wc = [...wa.keys()].filter((c) => wa.get(c) !== 0 || wb.get(c) !== 0).sort((x, y) => x - y);
      next.set(l, { cols: Int32Array.from(wc), a: Float64Array.from(wc, (c) => wa.get(c)!), b: Float64Array.from(wc, (c) => wb.get(c)!) });
    }
    next.set(lead, fresh);
    this.small = next;
    return lead;
  }

  /**
   * Is there a 0/1 vector of W with 1–4 people? (All of W is searched: reducing by the new row
   * changes the others, so a new small group need not use the new row's leading column.)
   */
  private hasSmallGroup(): boolean {
    const leads = [...this.small.keys()].filter((l) => this.people[l]! <= 4);
    let budget = SEARCH_BUDGET;
    const va = new Map<number, number>();
    const vb = new Map<number, number>();
    const apply = (lead: number, sign: 1 | -1) => {
      const w = this.small.get(lead)!;
      w.cols.forEach((c, i) => {
        va.set(c, mod((va.get(c) ?? 0) + sign * w.a[i]!, P[0]));
        vb.set(c, mod((vb.get(c) ?? 0) + sign * w.b[i]!, P[1]));
      });
    };
    const isSmallGroup = () => {
      let total = 0;
      for (const [c, x] of va) {
        const y = vb.get(c)!;
        if (x === 0 && y === 0) continue;
        if (x !== 1 || y !== 1) return false;
        total += this.people[c]!;
        if (total > 4) return false;
      }
      return total > 0;
    };
    // Sets of leading columns whose people add up to at most 4: a vector's values there are
    // its coefficients, so every candidate group is reached exactly once.
    const search = (from: number, room: number): boolean => {
      for (let k = from; k < leads.length; k++) {
        const lead = leads[k]!;
        if (this.people[lead]! > room) continue;
        if (--budget < 0) return true; // too many to try: treat as a leak (hide the figure)
        apply(lead, 1);
        const found = isSmallGroup() || search(k + 1, room - this.people[lead]!);
        apply(lead, -1);
        if (found) return true;
      }
      return false;
    };
    return search(0, 4);
  }

}

function normalised(cols: number[], getA: (c: number) => number, getB: (c: number) => number, lead: number): Row {
  const ia = inverse(getA(lead), P[0]);
  const ib = inverse(getB(lead), P[1]);
  const n = cols.length;
  const row: Row = { cols: new Int32Array(n), a: new Float64Array(n), b: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const c = cols[i]!;
    row.cols[i] = c;
    row.a[i] = mod(getA(c) * ia, P[0]);
    row.b[i] = mod(getB(c) * ib, P[1]);
  }
  return row;
}

/** v += f·w, modulo each prime. */
function axpy(va: Map<number, number>, vb: Map<number, number>, fa: number, fb: number, w: Row): void {
  if (fa === 0 && fb === 0) return;
  w.cols.forEach((c, i) => {
    va.set(c, mod((va.get(c) ?? 0) + fa * w.a[i]!, P[0]));
    vb.set(c, mod((vb.get(c) ?? 0) + fb * w.b[i]!, P[1]));
  });
}

/** A binary heap of column numbers without duplicates: columns are visited in order. */
class MinHeap {
  private readonly items: number[] = [];
  /** 1 where a column is in the heap (columns are 0…size-1). */
  private readonly inside: Uint8Array;

  constructor(columns: number) {
    this.inside = new Uint8Array(columns);
  }

  get size(): number {
    return this.items.length;
  }

  push(value: number): void {
    if (this.inside[value]) return;
    this.inside[value] = 1;
    const items = this.items;
    items.push(value);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent]! <= value) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = value;
  }

  pop(): number {
    const items = this.items;
    const top = items[0]!;
    this.inside[top] = 0;
    const last = items.pop()!;
    if (items.length) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        let mv = last;
        if (l < items.length && items[l]! < mv) [m, mv] = [l, items[l]!];
        if (r < items.length && items[r]! < mv) [m, mv] = [r, items[r]!];
        if (m === i) break;
        items[i] = items[m]!;
        i = m;
      }
      items[i] = last;
    }
    return top;
  }

  /** Empties the heap (a reduction may stop with columns still queued). */
  clear(): void {
    for (const c of this.items) this.inside[c] = 0;
    this.items.length = 0;
  }
}
