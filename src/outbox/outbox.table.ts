import type { Generated, Selectable } from 'kysely';
import type { Timestamp } from '../roster/roster.table.ts';

export type OutboxState = 'pending' | 'sent' | 'failed' | 'cancelled';

export interface OutboxTable {
  id: Generated<string>;
  /** Deterministic: the same intent always gets the same key, so it is delivered once. */
  idempotency_key: string;
  kind: string;
  payload: unknown;
  state: Generated<OutboxState>;
  /** Attempts that counted: a 429 or a wait for another row is not one. `outbox retry` resets it. */
  attempts: Generated<number>;
  /**
   * Some attempt may have reached the API without our learning the answer; never reset, so every
   * later try looks for the message before posting again.
   */
  uncertain: Generated<boolean>;
  not_before: Generated<Date>;
  last_error: string | null;
  result: unknown;
  created_at: Generated<Date>;
  sent_at: Timestamp | null;
  /**
   * Insertion order (a bigserial; bigint comes back as a string). Intents are written while their
   * transaction holds the locks of what they describe, so a later state of a message has a larger seq.
   */
  seq: Generated<string>;
}

export type OutboxRow = Selectable<OutboxTable>;
