/**
 * The people matcher's plain-data vocabulary: who is in the pool, what they did before, what the
 * programme asks for, and what comes back (pods, unplaced people with reasons, figures).
 *
 * ## Objective (soft; maximised; weights per programme)
 * A pod's score is the sum over its unordered member pairs {a, b} of
 *
 *     team·[a.team ≠ b.team] + department·[a.department ≠ b.department]
 *       + location·[a.location ≠ b.location] − novelty·recency(a, b)
 *
 * where recency(a, b) = 0.5^(daysSinceTheyLastMet / noveltyHalfLifeDays), 0 if they never met.
 * Defaults put team diversity first (10), then department (3) and location (1), then novelty (6):
 * a pair who met yesterday costs almost 6, a pair who met one half-life ago costs 3, strangers 0.
 * Missing department/location values count as "same" (no credit for unknown diversity).
 *
 * ## Hard constraints (never traded against the objective)
 * pod size within bounds; no manager with a direct or skip-level report (when the chain is known);
 * no excluded pair; a common weekly slot ≥ one session inside every member's local working hours in
 * EVERY week of the commitment (DST-safe); each person in at most one pod.
 */

export interface MatchPerson {
  id: string;
  email?: string;
  name?: string;
  team: string;
  department?: string;
  location?: string;
  /** IANA zone, e.g. "Europe/London". */
  timezone: string;
  managerId?: string;
}

/** Two people were in a pod together; `metOn` is when (the pod's start or end, either works). */
export interface PastMeeting { a: string; b: string; metOn: Date }

/** Two people who must never share a pod (a lead's or HR's explicit request). */
export interface ExcludedPair { a: string; b: string }

export interface MatchInput {
  people: readonly MatchPerson[];
  history?: readonly PastMeeting[];
  exclusions?: readonly ExcludedPair[];
  /** Manager links for people outside the pool, so skip-level chains through them are known. */
  managerOf?: Readonly<Record<string, string>>;
}

export interface WorkingHours {
  /** Local "HH:MM", inclusive start. */
  start: string;
  /** Local "HH:MM", exclusive end. */
  end: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  days: readonly number[];
}

export interface MatchWeights {
  team: number;
  department: number;
  location: number;
  novelty: number;
  noveltyHalfLifeDays: number;
}

export interface MatchSettings {
  minSize: number;
  maxSize: number;
  /** Sizes outside min..max a programme explicitly allows (e.g. [3] or [6]); used only when needed. */
  allowSizes: readonly number[];
  workingHours: WorkingHours;
  sessionMinutes: number;
  cadenceWeeks: number;
  sessionCount: number;
  /** Any instant in the first week of the commitment; the ISO week (Monday) containing it is week 0. */
  firstWeekStart: Date;
  weights: MatchWeights;
  seed: number;
  timeLimitMs: number;
  /**
   * How the pool splits into pods, a programme setting (not left to the objective): 'larger' makes
   * as few pods as possible (mostly pods of maxSize: a pod of 5 survives one decline), 'smaller' as
   * many as possible (mostly pods of minSize: more airtime each). A sum of pair benefits would always
   * favour larger pods (10 pairs in a pod of 5, 6 in a pod of 4), so the count is fixed first and the
   * objective only decides who goes where. Default 'larger'.
   */
  podSizes?: 'larger' | 'smaller';
  /** Optional cap on solver iterations, so tests are deterministic regardless of machine speed. */
  maxIterations?: number;
}

export const DEFAULT_WEIGHTS: MatchWeights = {
  team: 10,
  department: 3,
  location: 1,
  novelty: 6,
  noveltyHalfLifeDays: 180,
};

/** Fill a partial settings object with the practice's defaults (4–5 people, weekly, 6 × 60 min). */
export function resolveMatchSettings(partial: Partial<MatchSettings> & { firstWeekStart: Date }): MatchSettings {
  return {
    minSize: 4,
    maxSize: 5,
    allowSizes: [],
    workingHours: { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] },
    sessionMinutes: 60,
    cadenceWeeks: 1,
    sessionCount: 6,
    seed: 1,
    timeLimitMs: 2000,
    ...partial,
    weights: { ...DEFAULT_WEIGHTS, ...partial.weights },
  };
}

export interface PodBreakdown {
  size: number;
  teamsDistinct: number;
  allTeamsDistinct: boolean;
  departmentsDistinct: number;
  locationsDistinct: number;
  timezonesDistinct: number;
  /** Member pairs who were in a pod together before. */
  repeatPairs: number;
  /** Score parts (they sum to the pod's score). */
  teamScore: number;
  departmentScore: number;
  locationScore: number;
  noveltyCost: number;
}

export interface PodWindow {
  /** Minutes after Monday 00:00 UTC of each commitment week when the session starts. */
  utcStartMinuteOfWeek: number;
  /** Same slot as "Mon 14:00 UTC". */
  utcLabel: string;
  /** The first session's instant (ISO, UTC); later sessions are every cadenceWeeks at the same UTC time. */
  firstSessionUtc: string;
  /** Each member's local start in week 0, e.g. "Tue 09:30 (America/New_York)". */
  localStartByMember: Record<string, string>;
  /** How many minutes the common window lasts from its start (≥ sessionMinutes). */
  spanMinutes: number;
}

export interface MatchedPod {
  members: string[];
  score: number;
  breakdown: PodBreakdown;
  window: PodWindow;
  /** Anything that departs from the programme's defaults (e.g. an explicitly allowed pod of 3). */
  relaxations: string[];
}

export type UnplacedReason =
  | 'no-window' // their own working hours hold no session-long slot in every week
  | 'no-compatible-group' // no min-size group of people shares a window with them and respects conflicts
  | 'pool-remainder' // the pool size cannot be split into allowed pod sizes
  | 'unknown-timezone';

export interface UnplacedPerson {
  personId: string;
  reason: UnplacedReason;
  /** Human sentence: why, in the lead's words. */
  detail: string;
  suggestion: string;
}

export interface MatchMetrics {
  people: number;
  placed: number;
  unplaced: number;
  pods: number;
  podsAllTeamsDistinct: number;
  /** No grouping with these pod counts has more all-distinct pods; zone-aware (see plan/programs.ts). */
  allTeamsDistinctUpperBound: number;
  /**
   * The same among groupings with the fewest same-team pairs, the matcher's first aim (spreading a
   * big team evenly leaves a pair in many pods; piling its extras into few pods would add pairs).
   */
  allTeamsDistinctUpperBoundAtFewestPairs: number;
  /** Pairs of pod members from the same team (the leading term: every pair is cross-team or same-team). */
  sameTeamPairs: number;
  /** No grouping with these pod counts has fewer same-team pairs, whatever its windows allow (zone-aware). */
  sameTeamPairsLowerBound: number;
  crossTeamPairs: number;
  crossTeamPairsUpperBound: number;
  /** True when the bound is the relaxed program's proven optimum (false: the solver's time ran out first; still a valid bound). */
  boundProven: boolean;
  /** Why the search stopped: every bounded term met its bound, the caller's time (or iteration cap) ran out, or there was nothing to move. */
  stoppedBecause: 'bound-reached' | 'time-limit' | 'no-improvement';
  podSizes: 'larger' | 'smaller';
  /** Milliseconds from the start until same-team pairs first met their bound (null: not met). */
  sameTeamBoundMetAtMs: number | null;
  repeatPairs: number;
  totalScore: number;
  /** 'plan': plan + search; 'engine'/'greedy': the cluster path used only if the plan could not be solved. */
  solver: 'plan' | 'engine' | 'greedy';
  engineIterations: number;
  /** Pods the engine returned with a hard violation that the repair step had to rebuild. */
  repairedPods: number;
  /** Swaps/moves that made more pods all-distinct-teams after the search (polish.ts). */
  polishMoves: number;
}

export interface MatchResult {
  pods: MatchedPod[];
  unplaced: UnplacedPerson[];
  metrics: MatchMetrics;
  elapsedMs: number;
}
