/**
 * An attacker who sees every figure on a surface and tries to work out a group of 1–4 people
 * by linear arithmetic. Written independently of the module under test: exact integer
 * elimination over BigInt, and a brute-force list of every small group there is.
 */

/** Rank of 0/1 rows over the rationals, by fraction-free elimination. */
export function rank(rows: readonly (readonly number[])[], columns: number): number {
  const m = rows.map((row) => {
    const dense = Array.from({ length: columns }, () => 0n);
    for (const c of row) dense[c] = 1n;
    return dense;
  });
  let r = 0;
  for (let c = 0; c < columns && r < m.length; c++) {
    const p = m.findIndex((row, i) => i >= r && row[c] !== 0n);
    if (p < 0) continue;
    [m[r], m[p]] = [m[p]!, m[r]!];
    const pivot = m[r]!;
    for (let i = 0; i < m.length; i++) {
      if (i === r || m[i]![c] === 0n) continue;
      const f = m[i]![c]!;
      m[i] = m[i]!.map((v, j) => v * pivot[c]! - f * pivot[j]!);
      const g = m[i]!.reduce((acc, v) => gcd(acc, v < 0n ? -v : v), 0n);
      if (g > 1n) m[i] = m[i]!.map((v) => v / g);
    }
    r++;
  }
  return r;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Every group of atoms with 1–4 people in total (only small atoms can be in one). */
export function smallGroups(people: readonly number[]): number[][] {
  const small = people.map((p, i) => [p, i] as const).filter(([p]) => p > 0 && p < 5);
  const groups: number[][] = [];
  const walk = (from: number, chosen: number[], total: number) => {
    for (let k = from; k < small.length; k++) {
      const [p, i] = small[k]!;
      if (total + p > 4) continue;
      const next = [...chosen, i];
      groups.push(next);
      walk(k + 1, next, total + p);
    }
  };
  walk(0, [], 0);
  return groups;
}

/**
 * The small groups derivable from the shown rows. The attacker is granted more than a reader
 * has: which atoms are empty (so zero groups drop out of every equation).
 */
export function derivableSmallGroups(people: readonly number[], shownRows: readonly (readonly number[])[]): number[][] {
  const known = [...shownRows, ...people.flatMap((p, i) => (p === 0 ? [[i]] : []))];
  const base = rank(known, people.length);
  return smallGroups(people).filter((group) => rank([...known, group], people.length) === base);
}

