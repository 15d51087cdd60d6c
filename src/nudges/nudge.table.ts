import type { Generated, Selectable } from 'kysely';
import type { NudgeKind } from '../core/nudges/policy.ts';
import type { Timestamp } from '../roster/roster.table.ts';

/** planned: held until `send_at`; sent: handed to the outbox (which delivers exactly once); dropped: never. */
export type NudgeState = 'planned' | 'sent' | 'dropped';

/** A message as the outbox stores it: fallback text and plain-JSON Block Kit. */
export interface NudgeMessage {
  text: string;
  blocks?: Record<string, unknown>[];
}

export interface NudgeTable {
  id: Generated<string>;
  /** Deterministic, e.g. `session/<id>/prompt`; it becomes the outbox key when released. */
  key: string;
  kind: NudgeKind;
  programme_id: string | null;
  pod_id: string | null;
  /** One group DM to all recipients, rather than a DM to the one recipient. */
  group_message: boolean;
  /** The group DM the recipients already share, used while none of them is left out. */
  channel: string | null;
  message: NudgeMessage;
  planned_at: Timestamp;
  stale_at: Timestamp | null;
  send_at: Timestamp | null;
  state: Generated<NudgeState>;
  /** Why it moved (e.g. `quiet_hours,weekly_cap`) or was dropped (e.g. `stale after quiet_hours`). */
  reason: string | null;
  created_at: Timestamp;
  decided_at: Timestamp;
}

export interface NudgeRecipientTable {
  nudge_id: string;
  person_id: string;
  counts: boolean;
  state: NudgeState;
  reason: string | null;
  send_at: Timestamp | null;
}

export type Nudge = Selectable<NudgeTable>;
