import { z } from 'zod';
import { googleEffectSchemas } from '../calendar/effects.ts';

/**
 * The side effects the outbox can deliver. Payloads are complete: delivery needs nothing but
 * the row. A follow-up effect refers to an earlier one by its idempotency key (`messageKey`),
 * so an update waits until the message it edits has been sent.
 */
const blocks = z.array(z.record(z.string(), z.unknown())).max(50).optional();

export const effectSchemas = {
  /** A message to a channel, or a DM when `channel` is a user id. */
  'slack.message': z.object({ channel: z.string().min(1), text: z.string().min(1), blocks }),
  /** Opens (or reuses) the group DM of these users and posts into it. */
  'slack.group_message': z.object({ users: z.array(z.string().min(1)).min(2).max(8), text: z.string().min(1), blocks }),
  /** Replaces the content of a message sent earlier through the outbox. */
  'slack.update': z.object({ messageKey: z.string().min(1), text: z.string().min(1), blocks }),
  ...googleEffectSchemas,
} as const;

export type EffectKind = keyof typeof effectSchemas;
export type EffectPayload<K extends EffectKind> = z.infer<(typeof effectSchemas)[K]>;

export interface Intent<K extends EffectKind = EffectKind> {
  /** Deterministic: the same intent must always produce the same key, e.g. `invite/<id>/message`. */
  key: string;
  kind: K;
  payload: EffectPayload<K>;
  notBefore?: Date;
}

/** What a delivered effect returns; stored in outbox.result for follow-ups and state updates. */
export interface SlackMessageResult {
  channel: string;
  ts: string;
}
