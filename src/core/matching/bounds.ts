/**
 * Upper bound on how many pods can have members all from different teams, from team sizes and pod
 * sizes alone (it ignores windows and conflicts, so it is optimistic).
 *
 * If k pods are all-distinct, each team contributes at most one member to each of them, so at most
 * min(T_t, k) members in total; the k pods hold at least the sum of the k smallest pod sizes, and a
 * pod of size s also needs s distinct teams. The bound is the largest k with
 *     sum_t min(T_t, k) >= sum of the k smallest pod sizes   and   #teams >= the k-th smallest size.
 * Example: a team of T people among P pods with T > P forces pods that repeat that team.
 * Apply it per window component (pods never span components) and add the results.
 */
export function allDistinctUpperBound(teamSizes: readonly number[], podSizes: readonly number[]): number {
  const sizes = [...podSizes].sort((a, b) => a - b);
  const teams = teamSizes.filter((t) => t > 0);
  let best = 0;
  let need = 0;
  for (let k = 1; k <= sizes.length; k++) {
    need += sizes[k - 1]!;
    if (teams.length < sizes[k - 1]!) break;
    let have = 0;
    for (const t of teams) have += Math.min(t, k);
    if (have >= need) best = k;
    else break; // have grows by at most #teams per step, need by >= the next size: once short, stays short
  }
  return best;
}
