/** Aggregates over fewer people than this are never shown (DESIGN.md §7). */
export const MIN_AGGREGATE = 5;

/**
 * A count of people, or a statement that it is too small to show: small groups make
 * individuals identifiable, so HR and report views print "fewer than 5" instead.
 */
export function aggregateOfPeople(count: number, minimum = MIN_AGGREGATE): string {
  return count >= minimum ? String(count) : `fewer than ${minimum}`;
}
