import type { Generated } from 'kysely';
import type { CheckInOutcome } from '../core/rhythm/timing.ts';
import type { Timestamp } from '../roster/roster.table.ts';

export interface SessionCheckinTable {
  session_id: string;
  /** Bumped when the pod moves the session: its nudges get fresh keys for the new time. */
  version: Generated<number>;
  outcome: CheckInOutcome | null;
  answered_by: string | null;
  answered_at: Timestamp | null;
  asked_at: Timestamp | null;
  followed_up_at: Timestamp | null;
  moved_from: Timestamp | null;
  swaps: Generated<number>;
  swapped_from: string | null;
}

export interface PodAttentionTable {
  id: Generated<string>;
  pod_id: string;
  session_id: string;
  reason: string;
  raised_at: Timestamp;
  resolved_at: Timestamp | null;
}
