/**
 * The groups HR figures are built from. People are grouped by everything any HR figure
 * distinguishes: team, whether they are on the roster today, and what happened to them in each
 * wave. Nobody in a group can be told apart by any figure, which is what lets the privacy
 * module reason about what the figures reveal.
 */

/**
 * What happened to a person in one wave:
 * - `D` declined every invite, `N` never answered (pending or expired),
 * - `X` accepted but their pod did not form (or the invite was withdrawn),
 * - `P` in a pod; then the pod's first round is `o` ongoing, `c` continued into another round,
 *   `l` closed; a trailing `r` when they answered a retro in that wave.
 */
export type WaveOutcome = 'D' | 'N' | 'X' | 'Po' | 'Pc' | 'Pl' | 'Por' | 'Pcr' | 'Plr';

export const WAVE_OUTCOMES: readonly WaveOutcome[] = ['D', 'N', 'X', 'Po', 'Pc', 'Pl', 'Por', 'Pcr', 'Plr'];

/** Sums over a group's members in one wave, for rates that are not counts of people. */
export interface WaveSums {
  /** Sessions held while they were members, and of those the ones they attended. */
  expected: number;
  attended: number;
  ratingSum: number;
  ratingCount: number;
}

export interface PeopleGroup {
  teamId: string;
  teamName: string;
  /** On the roster today (not left): the population coverage is measured against. */
  onRoster: boolean;
  /** Wave id → outcome; waves the group was not invited to are absent. */
  outcomes: Readonly<Record<string, WaveOutcome>>;
  people: number;
  sums: Readonly<Record<string, WaveSums>>;
}

export interface WaveInfo {
  id: string;
  name: string;
  /** Monday the wave started, YYYY-MM-DD. */
  startWeek: string;
  status: string;
}

/** People from two teams who shared a pod (each counted once per pair of teams). */
export interface ConnectionCount {
  teamA: string;
  teamB: string;
  people: number;
}

export const tookPart = (o: WaveOutcome | undefined) => o !== undefined && o.startsWith('P');
export const accepted = (o: WaveOutcome | undefined) => o === 'X' || tookPart(o);
export const ended = (o: WaveOutcome | undefined) => o !== undefined && (o[1] === 'c' || o[1] === 'l');
export const continued = (o: WaveOutcome | undefined) => o !== undefined && o[1] === 'c';
export const answeredRetro = (o: WaveOutcome | undefined) => o !== undefined && o.endsWith('r');
