/**
 * The facilitation guide: one practice per session, drawn from the peer-support practice
 * (microsolidarity crews, case clinics). A programme stores it as text, one session per line;
 * a round of any length gets a practice for every session: the first opens, the last closes with
 * the retrospective, and the practices in between are spread over the sessions in between.
 */
export const DEFAULT_GUIDE: readonly string[] = [
  'Check-in rounds (how are you arriving?) and agreeing how we want to be together: confidentiality, listening without fixing, phones away.',
  'Each member shares a current challenge; the others listen and ask one open question each.',
  "A case clinic on one member's situation: they describe it, the others ask clarifying questions, then offer what they notice while the case-giver listens.",
  'Appreciation, and what we have learned from each other so far.',
  'A free session chosen by the pod: a topic, a practice, or another case clinic.',
  'The closing retrospective: what worked, what to celebrate, what to change, and whether to continue for another round.',
];

export const DEFAULT_GUIDE_TEXT = DEFAULT_GUIDE.map((line, i) => `${i + 1}: ${line}`).join('\n');

/** The practices of a stored guide: one per non-empty line, a leading "3:" or "3." numbering dropped. */
export function guideLines(text: string): string[] {
  const lines = text.split('\n').map((l) => l.replace(/^\s*(session\s*)?\d+\s*[:.)-]\s*/i, '').trim()).filter(Boolean);
  return lines.length ? lines : [...DEFAULT_GUIDE];
}

/**
 * One practice per session for a round of `sessionCount`: first → first, last → last (the
 * retrospective), the middle practices spread evenly over the middle sessions (repeated in order
 * when there are more sessions than practices, thinned evenly when fewer).
 */
export function scaleGuide(practices: readonly string[], sessionCount: number): string[] {
  const n = Math.max(1, Math.floor(sessionCount));
  const list = practices.length ? practices : DEFAULT_GUIDE;
  if (n === 1) return [list.length > 1 ? `${list[0]} Then: ${list.at(-1)}` : list[0]!];
  if (list.length === 1) return Array.from({ length: n }, () => list[0]!);
  const middle = list.slice(1, -1);
  const slots = n - 2;
  const inner = Array.from({ length: slots }, (_, i) => middle.length ? middle[Math.floor((i * middle.length) / slots)]! : list[0]!);
  return [list[0]!, ...inner, list.at(-1)!];
}

/** The practice for the session at `index` (0-based) of a round of `sessionCount`. */
export function practiceFor(guideText: string, sessionCount: number, index: number): string {
  const scaled = scaleGuide(guideLines(guideText), sessionCount);
  return scaled[Math.min(Math.max(0, index), scaled.length - 1)]!;
}
