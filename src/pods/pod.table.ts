import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Timestamp } from '../roster/roster.table.ts';

export type PodStatus =
  | 'proposed' | 'inviting' | 'confirmed' | 'scheduled' | 'running' | 'retro' | 'continued' | 'closed' | 'dissolved';
export type SessionStatus = 'scheduled' | 'held' | 'skipped' | 'cancelled';

export type PodEndReason =
  | 'continued' | 'decided_to_close' | 'too_few_to_continue' | 'no_retro_answers' | 'below_two_members' | 'closed_early';

/** Per-round overrides of the wave's settings, chosen by the pod at its retro. */
export interface PodRoundSettings {
  cadenceWeeks?: number;
}

export interface PodTable {
  id: Generated<string>;
  wave_id: string;
  round: Generated<number>;
  previous_pod_id: string | null;
  /** When the round's first session started (the pod became 'running'). */
  started_at: Timestamp | null;
  /** When the retro opened (the last session began); the reminder and decision count from it. */
  retro_opened_at: Timestamp | null;
  retro_reminded_at: Timestamp | null;
  /** Set with 'continued' or 'closed': when and why the round ended (see src/pods/lifecycle.ts). */
  ended_at: Timestamp | null;
  end_reason: PodEndReason | null;
  /** Changes the pod chose at its retro for this round (e.g. fortnightly); empty = the wave's settings. */
  settings: Generated<PodRoundSettings>;
  /** The Monday a later round starts; null for round 1 (it starts in the wave's start week). */
  round_start_week: ColumnType<string | null, string | null | undefined, string | null>;
  name: string;
  status: Generated<PodStatus>;
  min_size: number;
  max_size: number;
  score: number | null;
  breakdown: Generated<Record<string, unknown>>;
  /** Start of the pod's common weekly window, in minutes from Monday 00:00 UTC. */
  window_start_minute: number | null;
  slack_channel_id: string | null;
  /** The current series' event id (see calendar_series). */
  calendar_event_id: string | null;
  confirmed_at: Timestamp | null;
  dissolved_reason: string | null;
  created_at: Generated<Date>;
  /** The weekly slot, known before anyone says yes (see PodSlot). */
  slot: PodSlot | null;
  /** The IANA zone the calendar series recurs in (keeps the slot inside everyone's hours). */
  recurrence_zone: string | null;
  calendar_state: Generated<CalendarState>;
  /** Things the pod is told about its booking, e.g. calendars that could not be read. */
  calendar_notes: Generated<CalendarNote[]>;
  meet_url: string | null;
  /** Times the remaining sessions were moved this round (each is a series split: part = reschedules). */
  reschedules: Generated<number>;
}

/**
 * none: not booked yet (or Google not connected); pending: booking intents written; booked: the
 * series exists in Google; failed: Google refused for good (the lead is told); ended: series ended
 * early (UNTIL); off: calendar booking switched off for this deployment.
 */
export type CalendarState = 'none' | 'pending' | 'booked' | 'failed' | 'ended' | 'off';

export interface CalendarNote {
  kind: 'unreadable' | 'conflicts' | 'moved' | 'no-slot' | 'booking-failed';
  /** Person ids the note is about. */
  people?: string[];
  detail: string;
}

/** A pod's weekly slot as stored: the series' rule plus each planned occurrence. */
export interface PodSlot {
  zone: string;
  weekday: number;
  startMinute: number;
  sessionMinutes: number;
  cadenceWeeks: number;
  /** Planned occurrences (ISO instants); `moved` marks exceptions off the rule. */
  occurrences: { index: number; start: string; end: string; nominal: string; moved: boolean; busy: string[] }[];
  conflicts: number;
  exceptions: number;
  /** Members the slot was found for. */
  members: string[];
  unreadable: string[];
  /** Whether free/busy was read when the slot was chosen. */
  freeBusy: boolean;
}

export interface PodMemberTable {
  pod_id: string;
  person_id: string;
  seat: number;
  joined_at: Generated<Date>;
  left_at: Timestamp | null;
}

export interface PodSessionTable {
  id: Generated<string>;
  pod_id: string;
  index: number;
  starts_at: Timestamp;
  ends_at: Timestamp;
  facilitator_id: string | null;
  status: Generated<SessionStatus>;
  /** The calendar series this occurrence belongs to (null when not booked). */
  calendar_event_id: string | null;
  /** Google's instance id: `<event id>_<original start, UTC basic format>`. */
  calendar_instance_id: string | null;
  /** Moved off the series' rule (an exception) to stay inside everyone's hours. */
  moved: Generated<boolean>;
  /** Members whose free/busy showed a clash when the slot was chosen. */
  conflicts: Generated<number>;
  updated_at: Generated<Date>;
}

export interface CalendarSeriesTable {
  event_id: string;
  pod_id: string;
  /** 0 for the round's first series; +1 for each reschedule split. */
  part: number;
  organizer: string;
  zone: string;
  from_index: number;
  count: number;
  starts_at: Timestamp;
  state: Generated<'pending' | 'booked' | 'ended' | 'failed'>;
  until_at: Timestamp | null;
  meet_url: string | null;
  /** Emails the series was last written with (lower case, organiser left out); null: booked before this was kept. */
  attendees: string[] | null;
  /** Attendee patches so far: the next one's outbox key carries this + 1. */
  attendee_changes: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface AttendanceTable {
  session_id: string;
  person_id: string;
  status: 'attended' | 'skipped' | 'absent';
  recorded_at: Generated<Date>;
}

export interface PairingTable {
  person_a: string;
  person_b: string;
  pod_id: string | null;
  met_on: string;
}

export interface ExcludedPairTable {
  person_a: string;
  person_b: string;
  reason: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
}

export type Pod = Selectable<PodTable>;
export type PodSession = Selectable<PodSessionTable>;
export type CalendarSeries = Selectable<CalendarSeriesTable>;
