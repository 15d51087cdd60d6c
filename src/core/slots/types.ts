/**
 * Vocabulary of slot finding: who meets, when they work, what is busy, what comes back.
 * Instants are epoch milliseconds (UTC); local times are minutes from local midnight.
 */

/** A person's working window in their own zone: minutes from local midnight, ISO weekdays. */
export interface WorkingWindow {
  startMinute: number;
  endMinute: number;
  days: readonly number[];
}

export interface BusyInterval {
  start: number;
  end: number;
}

export interface SlotMember {
  id: string;
  /** IANA zone; an unknown zone counts as UTC (the roster validates zones). */
  zone: string;
  /** Busy blocks from free/busy, any order. */
  busy?: readonly BusyInterval[];
  /** Free/busy could not be read: counts as free inside working hours (the pod is told). */
  unreadable?: boolean;
}

export interface SlotPreferences {
  /** ISO weekdays the programme prefers (in each member's own zone). */
  days?: readonly number[];
  /** Preferred local start window, minutes from midnight (in each member's own zone). */
  startMinute?: number;
  endMinute?: number;
}

export interface SlotRequest {
  members: readonly SlotMember[];
  hours: WorkingWindow;
  sessionMinutes: number;
  cadenceWeeks: number;
  sessionCount: number;
  /** ISO date of the Monday of the commitment's first week. */
  firstWeek: string;
  /**
   * Nothing may start before this instant (e.g. the invite deadline, or "now" when rescheduling).
   * A weekly slot whose first date is earlier starts one cadence later and keeps its count.
   */
  notBefore?: number;
  /** For a reschedule: the commitment week the new series starts in (default 0). */
  fromWeek?: number;
  preferred?: SlotPreferences;
  /** Granularity of start times, minutes (default 15). */
  stepMinutes?: number;
}

export interface Occurrence {
  /** Session index within the round (0-based, counted from the round's first week). */
  index: number;
  start: number;
  end: number;
  /** Where the series' rule puts it (Google's instance id derives from this, moved or not). */
  nominalStart: number;
  /** Moved off the series' rule so it stays inside everyone's hours (a per-occurrence exception). */
  moved: boolean;
  /** Members whose calendars are busy at this time. */
  busy: string[];
}

/**
 * A weekly slot: the series recurs at `startMinute` local time on `weekday` in `zone`; every
 * occurrence is inside every member's working hours (moved ones included).
 */
export interface SlotPlan {
  zone: string;
  weekday: number;
  startMinute: number;
  sessionMinutes: number;
  cadenceWeeks: number;
  occurrences: Occurrence[];
  /** Occurrence × member clashes with free/busy. */
  conflicts: number;
  /** Occurrences moved off the rule (0 for a plain weekly series). */
  exceptions: number;
  /** How far the slot is from the programme's preferred days/times (0 = all preferred). */
  preferencePenalty: number;
  /** Members whose local start time changes during the commitment (DST in one zone, not another). */
  driftingMembers: number;
  unreadable: string[];
}
