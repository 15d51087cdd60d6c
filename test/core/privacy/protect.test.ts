import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { protect, ProtectionMemo, type FigureRequest } from '../../../src/core/privacy/index.ts';
import { derivableSmallGroups } from './attacker.ts';

const people = (...counts: number[]) => counts.map((n) => ({ people: n }));

/** A surface shaped like the HR ones: teams × outcomes, with totals, funnels, rates and extras. */
const surface = fc
  .record({ teams: fc.integer({ min: 1, max: 4 }), classes: fc.integer({ min: 1, max: 4 }) })
  .chain(({ teams, classes }) => {
    const n = teams * classes;
    const count = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 5, max: 14 }));
    return fc.record({
      teams: fc.constant(teams),
      classes: fc.constant(classes),
      people: fc.array(count, { minLength: n, maxLength: n }),
      extras: fc.array(fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: 4 }), { maxLength: 4 }),
      seed: fc.integer(),
    });
  })
  .map(({ teams, classes, people: counts, extras, seed }) => {
    const at = (t: number, c: number) => t * classes + c;
    const range = (k: number) => [...Array(k).keys()];
    const figures: FigureRequest[] = [
      { id: 'total', groups: [range(teams * classes)] },
      ...range(teams).flatMap((t) => {
        // Team figures pick from the team's people: a 0 about a team of 1-4 is about each of them.
        const within = range(classes).map((c) => at(t, c));
        return [
          { id: `team${t}`, groups: [within], within },
          // a funnel: invited ⊇ accepted ⊇ in a pod …, and a rate of the last step over the first
          ...range(classes - 1).map((k) => ({ id: `team${t}/first${k + 1}`, groups: [range(k + 1).map((c) => at(t, c))], within })),
          { id: `team${t}/rate`, groups: [[at(t, 0)], within], within },
          ...range(classes).map((c) => ({ id: `cell${t}.${c}`, groups: [[at(t, c)]], within })),
        ];
      }),
      ...range(classes).map((c) => ({ id: `outcome${c}`, groups: [range(teams).map((t) => at(t, c))] })),
      ...extras.map((group, i) => ({ id: `extra${i}`, groups: [group] })),
    ];
    // A deterministic shuffle: the module must be safe whatever order a surface asks in.
    let state = seed >>> 0;
    const shuffled = [...figures];
    for (let i = shuffled.length - 1; i > 0; i--) {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      const j = state % (i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    return { atoms: people(...counts), figures: shuffled };
  });

describe('protect: an attacker with every figure on the screen', () => {
  it('can never work out a group of 1-4 people from what is shown', () => {
    fc.assert(
      fc.property(surface, ({ atoms, figures }) => {
        const { shown } = protect(atoms, figures);
        const rows = figures.filter((f) => shown.has(f.id)).flatMap((f) => f.groups.map((g) => [...g]));
        expect(derivableSmallGroups(atoms.map((a) => a.people), rows)).toEqual([]);
      }),
      { numRuns: 600 },
    );
  });

  it('hides nothing it need not: each complementary suppression, shown too, would leak', () => {
    fc.assert(
      fc.property(surface, ({ atoms, figures }) => {
        const { shown, hidden } = protect(atoms, figures);
        const rows = figures.filter((f) => shown.has(f.id)).flatMap((f) => f.groups.map((g) => [...g]));
        for (const figure of figures) {
          const sum = (g: readonly number[]) => g.reduce((s, a) => s + atoms[a]!.people, 0);
          const sizes = figure.groups.map(sum);
          const population = figure.within ? sum(figure.within) : 0;
          const small = sizes.some((s) => s > 0 && s < 5) || (sizes.includes(0) && population > 0 && population < 5);
          expect(hidden.get(figure.id) === 'fewer_than_5').toBe(small);
          if (hidden.get(figure.id) === 'complementary') {
            const withIt = [...rows, ...figure.groups.map((g) => [...g])];
            expect(derivableSmallGroups(atoms.map((a) => a.people), withIt).length).toBeGreaterThan(0);
          }
        }
        expect(shown.size + hidden.size).toBe(figures.length);
      }),
      { numRuns: 200 },
    );
  });
});

/**
 * A team x team connection matrix: one atom per cell (the upper triangle), published with its
 * row sums (a cell counts in both its teams' rows, as in a symmetric map), the grand total,
 * and the cells themselves, in a random order.
 */
const matrix = fc
  .integer({ min: 2, max: 5 })
  .chain((teams) => {
    const cells = (teams * (teams - 1)) / 2;
    const count = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 5, max: 14 }));
    return fc.record({ teams: fc.constant(teams), people: fc.array(count, { minLength: cells, maxLength: cells }), seed: fc.integer() });
  })
  .map(({ teams, people: counts, seed }) => {
    const cell: [number, number][] = [];
    for (let a = 0; a < teams; a++) for (let b = a + 1; b < teams; b++) cell.push([a, b]);
    const figures: FigureRequest[] = [
      { id: 'total', groups: [cell.map((_, i) => i)] },
      ...[...Array(teams).keys()].map((t) => ({ id: `row${t}`, groups: [cell.flatMap(([a, b], i) => (a === t || b === t ? [i] : []))] })),
      ...cell.map(([a, b], i) => ({ id: `cell${a}.${b}`, groups: [[i]] })),
    ];
    let state = seed >>> 0;
    for (let i = figures.length - 1; i > 0; i--) {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      const j = state % (i + 1);
      [figures[i], figures[j]] = [figures[j]!, figures[i]!];
    }
    return { atoms: people(...counts), figures };
  });

describe('protect: a connection matrix with its row sums and total', () => {
  it('never lets a cell (or cells) of 1-4 people be worked out from the shown cells, rows and total', () => {
    fc.assert(
      fc.property(matrix, ({ atoms, figures }) => {
        const { shown } = protect(atoms, figures);
        const rows = figures.filter((f) => shown.has(f.id)).flatMap((f) => f.groups.map((g) => [...g]));
        expect(derivableSmallGroups(atoms.map((a) => a.people), rows)).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('a row remainder: with the row of 20 shown beside cells of 9 and 8, the cell of 3 is not all that is hidden', () => {
    // Teams 0, 1, 2, 3: cells 0.1 = 9, 0.2 = 8, 0.3 = 3, the rest 6; row 0 = 20.
    const atoms = people(9, 8, 3, 6, 6, 6);
    const { shown, hidden } = protect(atoms, [
      { id: 'row0', groups: [[0, 1, 2]] },
      { id: 'cell0.1', groups: [[0]] }, { id: 'cell0.2', groups: [[1]] }, { id: 'cell0.3', groups: [[2]] },
    ]);
    expect(hidden).toEqual(new Map([['cell0.2', 'complementary'], ['cell0.3', 'fewer_than_5']]));
    expect([...shown].sort()).toEqual(['cell0.1', 'row0']);
  });
});

describe('ProtectionMemo: the last protection, reused only when nothing it depends on moved', () => {
  it('gives what protect gives, whatever changed between two builds', () => {
    const change = fc.array(fc.oneof(fc.constant(0), fc.integer({ min: -2, max: 2 }), fc.integer({ min: 5, max: 9 })), { minLength: 16, maxLength: 16 });
    fc.assert(
      fc.property(surface, change, fc.boolean(), ({ atoms, figures }, deltas, reorder) => {
        const memo = new ProtectionMemo();
        expect(memo.protect(atoms, figures)).toEqual(protect(atoms, figures));
        // Sizes moved (some within their class, some across it), and maybe the figures' order.
        const moved = atoms.map((a, i) => ({ people: Math.max(0, a.people + (deltas[i % deltas.length] ?? 0)) }));
        const next = reorder ? [...figures].reverse() : figures;
        expect(memo.protect(moved, next)).toEqual(protect(moved, next));
      }),
      { numRuns: 300 },
    );
  });
});

describe('protect: zeros about a small population', () => {
  it('never shows a 0 (or a rate over nobody) about a population of 1-4 people', () => {
    fc.assert(
      fc.property(surface, ({ atoms, figures }) => {
        const { shown } = protect(atoms, figures);
        const sum = (g: readonly number[]) => g.reduce((s, a) => s + atoms[a]!.people, 0);
        for (const figure of figures.filter((f) => shown.has(f.id) && f.within)) {
          const population = sum(figure.within!);
          if (population > 0 && population < 5) expect(figure.groups.map(sum)).not.toContain(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('"0 took part" beside a hidden team of 3 is hidden; beside a team of 7, or with no population given, it is shown', () => {
    const atoms = people(3, 0, 7, 0); // Legal: 3 not taking part, 0 taking part; Sales: 7 and 0
    const { shown, hidden } = protect(atoms, [
      { id: 'legal/roster', groups: [[0, 1]], within: [0, 1] },
      { id: 'legal/took_part', groups: [[1]], within: [0, 1] },
      { id: 'legal/attendance', groups: [[1]], within: [0, 1] },
      { id: 'sales/took_part', groups: [[3]], within: [2, 3] },
      { id: 'nobody', groups: [[1]] },
    ]);
    expect(hidden).toEqual(new Map([['legal/roster', 'fewer_than_5'], ['legal/took_part', 'fewer_than_5'], ['legal/attendance', 'fewer_than_5']]));
    expect([...shown].sort()).toEqual(['nobody', 'sales/took_part']);
  });
});

describe('protect: the cases HR surfaces meet', () => {
  it('"7 invited · 6 in pods" does not single out the one who is not', () => {
    const atoms = people(6, 1); // in a pod, not in a pod
    const { shown, hidden } = protect(atoms, [
      { id: 'invited', groups: [[0, 1]] },
      { id: 'inPods', groups: [[0]] },
    ]);
    expect([...shown]).toEqual(['invited']);
    expect(hidden.get('inPods')).toBe('complementary');
  });

  it('a total beside its parts: the small part and the next smallest are hidden, the total stays', () => {
    const atoms = people(40, 12, 9, 3);
    const figures = [{ id: 'total', groups: [[0, 1, 2, 3]] }, ...[0, 1, 2, 3].map((t) => ({ id: `team${t}`, groups: [[t]] }))];
    const { shown, hidden } = protect(atoms, figures);
    expect([...shown].sort()).toEqual(['team0', 'team1', 'total']);
    expect(hidden).toEqual(new Map([['team2', 'complementary'], ['team3', 'fewer_than_5']]));
  });

  it('a rate reveals its numerator: 6 of 7 accepted is hidden, 6 of 12 is shown', () => {
    expect(protect(people(6, 1), [{ id: 'rate', groups: [[0], [0, 1]] }]).hidden.get('rate')).toBe('complementary');
    expect(protect(people(6, 6), [{ id: 'rate', groups: [[0], [0, 1]] }]).shown.has('rate')).toBe(true);
  });

  it('two small parts whose sum is small stay hidden even when neither is shown alone', () => {
    // invited = in pod (10) + declined (2) + no answer (2): "14 invited · 10 in pods" shows 4 people.
    const atoms = people(10, 2, 2);
    const { shown } = protect(atoms, [{ id: 'invited', groups: [[0, 1, 2]] }, { id: 'inPods', groups: [[0]] }]);
    expect([...shown]).toEqual(['invited']);
  });

  it('a total over many small groups is shown: it is about all of them, not a few', () => {
    const atoms = people(3, 4, 2, 3); // every team small, 12 people in all
    const { shown, hidden } = protect(atoms, [{ id: 'total', groups: [[0, 1, 2, 3]] }, ...[0, 1, 2, 3].map((t) => ({ id: `team${t}`, groups: [[t]] }))]);
    expect([...shown]).toEqual(['total']);
    expect(hidden.size).toBe(4);
    // Two halves of 7 and 5: each shown alone would give the other by subtraction, and both are 5 or more.
    expect(protect(atoms, [{ id: 'total', groups: [[0, 1, 2, 3]] }, { id: 'half', groups: [[0, 1]] }]).shown.size).toBe(2);
  });

  it('empty groups describe nobody and are shown; everything at 5 or more is shown', () => {
    const { shown } = protect(people(0, 7, 5), [
      { id: 'none', groups: [[0]] },
      { id: 'both', groups: [[0, 1, 2]] },
      { id: 'one', groups: [[1]] },
      { id: 'other', groups: [[2]] },
    ]);
    expect(shown.size).toBe(4);
  });
});
