import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { Timestamp } from '../roster/roster.table.ts';

export type WaveStatus = 'draft' | 'inviting' | 'forming' | 'running' | 'retro' | 'done' | 'cancelled';
/**
 * An invite's lifecycle (person × pod, at most one live per wave):
 * - `pending` → `accepted` | `declined` by the person's answer until the deadline; an acceptance may
 *   still become a decline until then (answer.service.ts). A decline frees the place for backfill.
 * - `pending` → `expired` at the deadline (deadline.service.ts).
 * - `pending` | `accepted` → `withdrawn` when the person leaves (a pause withdraws only `pending`),
 *   or when the deadline moves an accepted person out of a short pod (a new accepted invite there).
 * - Before the deadline a lead may merge or re-match an inviting pod that can no longer reach its
 *   minimum (its accepted plus pending invites are fewer): each live invite then MOVES to the
 *   receiving pod as it is (same row and buttons, `pending` stays pending and answerable, `accepted`
 *   stays accepted and may still become a decline), counts toward that pod's maximum like an
 *   accepted one, and its DM is rewritten in place; `declined`, `expired` and `withdrawn` invites
 *   stay with the short pod, which is dissolved, so the deadline finds nothing left to do for it
 *   (short-invites.ts). A pending invite is never cancelled by a merge: only its person says no.
 */
export type InviteStatus = 'pending' | 'accepted' | 'declined' | 'expired' | 'withdrawn';

/** Per-wave overrides of the programme's defaults, frozen at launch. */
export interface WaveSettings {
  minSize?: number;
  maxSize?: number;
  allowedSizes?: number[];
  cadenceWeeks?: number;
  sessionCount?: number;
  sessionMinutes?: number;
  /** As few larger pods or as many smaller ones (the programme's choice unless a lead re-ran a draft with the other). */
  podSizes?: 'larger' | 'smaller';
}

export interface WaveTable {
  id: Generated<string>;
  programme_id: string;
  name: string;
  status: Generated<WaveStatus>;
  /** A Monday, as 'YYYY-MM-DD'. */
  start_week: ColumnType<string, string, string>;
  invite_deadline: Timestamp;
  settings: Generated<WaveSettings>;
  seed: Generated<number>;
  created_by: string | null;
  created_at: Generated<Date>;
  launched_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  /** The lead's Preview, recorded before the ack so the reconciler can redo a lost preview job. */
  preview_requested_at: Timestamp | null;
  preview_view_id: string | null;
  preview_requested_by_slack: string | null;
  /** When the preview job last answered the lead's modal (with pods or with an error). */
  preview_answered_at: Timestamp | null;
  /** The lead's Launch, recorded before the ack so the reconciler can redo a lost launch job. */
  launch_requested_at: Timestamp | null;
  launch_requested_by: string | null;
  launch_requested_by_slack: string | null;
  /** When the wave became 'done': every pod it launched has ended its round. */
  ended_at: Timestamp | null;
  /** The matcher's figures and bounds at the last preview (a draft reopened or edited shows them). */
  preview_metrics: Record<string, unknown> | null;
}

/** A lead's "Add teams" to a wave in flight, stored before the ack; done once its people are invited. */
export interface WaveAdditionTable {
  id: Generated<string>;
  wave_id: string;
  team_ids: string[];
  requested_by: string | null;
  requested_by_slack: string;
  requested_at: Timestamp;
  done_at: Timestamp | null;
  result: AdditionResult | null;
}

export interface AdditionResult {
  teams: number;
  invited: number;
  pods: number;
  unplaced: number;
  /** Set when nothing could be added (the wave stopped inviting meanwhile, nobody available). */
  refused?: string;
  /** Set when the newcomers needed a later invite deadline (ISO instants), as a launch would move it. */
  deadlineMoved?: { from: string; to: string };
}

export interface WaveTeamTable {
  wave_id: string;
  team_id: string;
}

export interface WaveMemberTable {
  wave_id: string;
  person_id: string;
  state: 'placed' | 'unplaced' | 'withdrawn';
  reason: string | null;
  suggestion: string | null;
  updated_at: Generated<Date>;
}

export interface InviteTable {
  id: Generated<string>;
  pod_id: string;
  wave_id: string;
  person_id: string;
  status: Generated<InviteStatus>;
  decline_kind: 'decline' | 'not_this_time' | null;
  decline_reason: string | null;
  answered_at: Timestamp | null;
  reminded_at: Timestamp | null;
  slack_channel_id: string | null;
  slack_ts: string | null;
  created_at: Generated<Date>;
}

export type Wave = Selectable<WaveTable>;
export type NewWave = Insertable<WaveTable>;
export type Invite = Selectable<InviteTable>;
