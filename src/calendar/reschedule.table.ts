import type { Generated, Selectable } from 'kysely';
import type { PodSlot } from '../pods/pod.table.ts';
import type { Timestamp } from '../roster/roster.table.ts';

/**
 * A member's "Find a new time" (requested), the slots the app found for the pod's remaining
 * sessions (offered, posted as buttons in the pod's group DM), and the one chosen. `base` is the
 * pod's `reschedules` when asked: once the pod has moved since, the offer is stale.
 */
export interface RescheduleOfferTable {
  id: Generated<string>;
  pod_id: string;
  base: number;
  requested_by: string | null;
  state: Generated<'requested' | 'offered' | 'chosen'>;
  /** The first session the move applies to (the pod's next one when the options were found). */
  from_index: number | null;
  /** Up to three slots for sessions from_index…last, as the pod row stores a slot. */
  options: Generated<PodSlot[]>;
  chosen: number | null;
  chosen_by: string | null;
  created_at: Timestamp;
  offered_at: Timestamp | null;
  chosen_at: Timestamp | null;
}

export type RescheduleOffer = Selectable<RescheduleOfferTable>;
