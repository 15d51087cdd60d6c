/**
 * Why people declined, grouped by theme so a lead with hundreds of answers sees the pattern:
 * a small keyword classifier (deterministic, explainable), not a model. Pure.
 */
export const DECLINE_THEMES = {
  workload: /\b(busy|workload|capacity|bandwidth|deadline|launch|crunch|overloaded|swamped|too much|no time)\b/i,
  timing: /\b(time ?zone|timing|schedule|calendar|hours?|clash|conflict|morning|evening|slot|travel)\b/i,
  away: /\b(leave|holiday|vacation|parental|sick|away|ooo|out of office|sabbatical)\b/i,
  fit: /\b(not for me|not interested|group|share|uncomfortable|prefer|privacy|1:1|one-to-one)\b/i,
} as const;

export type DeclineTheme = keyof typeof DECLINE_THEMES | 'other' | 'no reason given';

export const THEME_WORDS: Record<DeclineTheme, string> = {
  workload: 'workload', timing: 'timing or time zone', away: 'away or on leave', fit: 'not the right format for them', other: 'other reasons', 'no reason given': 'no reason given',
};

export function declineTheme(reason: string | null | undefined): DeclineTheme {
  const text = reason?.trim();
  if (!text) return 'no reason given';
  for (const [theme, pattern] of Object.entries(DECLINE_THEMES)) if (pattern.test(text)) return theme as DeclineTheme;
  return 'other';
}

/** Counts per theme, largest first (themes with none are left out). */
export function declineThemes(reasons: readonly (string | null | undefined)[]): { theme: DeclineTheme; count: number }[] {
  const counts = new Map<DeclineTheme, number>();
  for (const r of reasons) counts.set(declineTheme(r), (counts.get(declineTheme(r)) ?? 0) + 1);
  return [...counts].map(([theme, count]) => ({ theme, count })).sort((a, b) => b.count - a.count || a.theme.localeCompare(b.theme));
}
