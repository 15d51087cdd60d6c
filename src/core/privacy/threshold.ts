/** Figures about fewer people than this are never shown to HR (DESIGN.md §7). */
export const MIN_PEOPLE = 5;

/**
 * What every HR surface prints for a hidden figure. One mark for every hidden figure, whether it
 * was under 5 people or hidden to protect another: a distinct mark would tell the reader which
 * hidden figures are small.
 */
export const HIDDEN_MARK = '—';

export const HIDDEN_NOTE =
  `— hidden: a figure about fewer than ${MIN_PEOPLE} people, or one that would let such a figure be worked out from the others.`;
