/**
 * The retro decision of one pod round: continue for another round or close. Pure: the caller
 * gives the members, their answers, and whether the retro window has closed.
 *
 * The rule (README "The end of a round"):
 * - Wait while some current member has not answered and the window is still open.
 * - Silence is not a vote: only those who answered count. Nobody answered → close.
 * - Continue when a strict MAJORITY of those who answered want to continue AND at least the
 *   pod's minimum size want to. "Unsure" is an answer that is not a yes.
 * - A tie is not a majority → close.
 * - The new round has only those who said yes; silence never signs anyone up for more weeks.
 * - When the pod closes, those who wanted to continue are offered the next wave first.
 */

export type ContinueAnswer = 'continue' | 'close' | 'unsure';
export type FacilitationNext = 'rotate' | 'volunteer' | 'pass';
export type CadenceNext = 'same' | 'weekly' | 'fortnightly';

export interface RetroAnswer {
  personId: string;
  wantsToContinue: ContinueAnswer;
  facilitationNext?: FacilitationNext | null;
  cadenceNext?: CadenceNext | null;
}

export interface RetroDecisionInput {
  /** Current members in seat order (those who left or paused are not members any more). */
  members: readonly string[];
  answers: readonly RetroAnswer[];
  minSize: number;
  /** The retro window has closed: decide with the answers there are. */
  windowClosed: boolean;
  cadenceWeeks: number;
  /** Who facilitated the round's last session: the rotation continues after them. */
  lastFacilitatorId?: string | null;
}

export type CloseReason = 'decided_to_close' | 'too_few_to_continue' | 'no_retro_answers';

export type RetroDecision =
  | { kind: 'wait'; missing: string[] }
  | { kind: 'continue'; members: string[]; cadenceWeeks: number; tally: Tally }
  | { kind: 'close'; reason: CloseReason; offerNextWave: string[]; tally: Tally };

export interface Tally {
  members: number;
  answered: number;
  continue: number;
  close: number;
  unsure: number;
  silent: number;
}

export function decideRetro(input: RetroDecisionInput): RetroDecision {
  const members = new Set(input.members);
  const answers = input.answers.filter((a) => members.has(a.personId));
  const answered = new Set(answers.map((a) => a.personId));
  const missing = input.members.filter((m) => !answered.has(m));
  if (missing.length > 0 && !input.windowClosed) return { kind: 'wait', missing };

  const count = (w: ContinueAnswer) => answers.filter((a) => a.wantsToContinue === w).length;
  const tally: Tally = {
    members: input.members.length, answered: answers.length, continue: count('continue'), close: count('close'), unsure: count('unsure'), silent: missing.length,
  };
  const yes = input.members.filter((m) => answers.some((a) => a.personId === m && a.wantsToContinue === 'continue'));
  if (tally.answered === 0) return { kind: 'close', reason: 'no_retro_answers', offerNextWave: [], tally };
  if (2 * tally.continue <= tally.answered) return { kind: 'close', reason: 'decided_to_close', offerNextWave: yes, tally };
  if (tally.continue < input.minSize) return { kind: 'close', reason: 'too_few_to_continue', offerNextWave: yes, tally };
  const chosen = answers.filter((a) => a.wantsToContinue === 'continue');
  return {
    kind: 'continue',
    members: facilitationOrder(input.members, chosen, input.lastFacilitatorId ?? null),
    cadenceWeeks: chosenCadence(chosen, input.cadenceWeeks),
    tally,
  };
}

/**
 * The new round's seat order (seat 0 facilitates first): the rotation carries on after the last
 * facilitator, volunteers move to the front and those who asked to pass to the back.
 */
export function facilitationOrder(seats: readonly string[], continuing: readonly RetroAnswer[], lastFacilitatorId: string | null): string[] {
  const staying = new Set(continuing.map((a) => a.personId));
  const after = lastFacilitatorId ? seats.indexOf(lastFacilitatorId) + 1 : 0;
  const rotated = [...seats.slice(after), ...seats.slice(0, after)].filter((id) => staying.has(id));
  const wish = (id: string) => continuing.find((a) => a.personId === id)?.facilitationNext ?? 'rotate';
  const rank = { volunteer: 0, rotate: 1, pass: 2 } as const;
  return rotated.map((id, i) => ({ id, i })).sort((a, b) => rank[wish(a.id)] - rank[wish(b.id)] || a.i - b.i).map((x) => x.id);
}

/** The cadence most of those continuing chose, if one has more votes than any other; else unchanged. */
export function chosenCadence(continuing: readonly RetroAnswer[], current: number): number {
  const votes = new Map<number, number>();
  for (const a of continuing) {
    const weeks = a.cadenceNext === 'weekly' ? 1 : a.cadenceNext === 'fortnightly' ? 2 : current;
    votes.set(weeks, (votes.get(weeks) ?? 0) + 1);
  }
  const ranked = [...votes.entries()].sort((a, b) => b[1] - a[1]);
  if (ranked.length === 0 || (ranked.length > 1 && ranked[0]![1] === ranked[1]![1])) return current;
  return ranked[0]![0];
}
