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
  calendar_event_id: string | null;
  confirmed_at: Timestamp | null;
  dissolved_reason: string | null;
  created_at: Generated<Date>;
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
