import type { Tx } from '../db.ts';
import { needsAttention } from '../core/rhythm/timing.ts';
import type { Intent } from '../outbox/effects.ts';
import { nudge } from '../nudges/nudge.service.ts';
import { attentionMessage, type Missed } from '../slack/blocks/rhythm.blocks.ts';
import { asPayload } from '../waves/invite-messages.ts';
import { attentionKey } from './keys.ts';
import { podMembers, settledOutcomes, type LockedSession } from './rhythm.repository.ts';

/**
 * After a session is settled as skipped or unknown: when the pod's two latest settled sessions
 * were both missed, and no flag is open for the pod, it is flagged for its leads (home tab,
 * digest) and the pod gets one gentle note. Returns true when a flag was raised.
 */
export async function evaluateAttention(trx: Tx, emit: (i: Intent) => void, s: LockedSession, now: Date): Promise<boolean> {
  const settled = await settledOutcomes(trx, s.pod_id, s.index);
  if (!needsAttention(settled.map((o) => o.outcome))) return false;
  const open = await trx.selectFrom('pod_attention').select('id').where('pod_id', '=', s.pod_id).where('resolved_at', 'is', null).executeTakeFirst();
  if (open) return false;
  const missed: Missed[] = settled.slice(-2).map((o) => ({ outcome: o.outcome as Missed['outcome'], startsAt: o.starts_at }));
  const reason = missed.map((m) => `${m.outcome} ${m.startsAt.toISOString().slice(0, 10)}`).join(', ');
  await trx.insertInto('pod_attention').values({ pod_id: s.pod_id, session_id: s.id, reason, raised_at: now })
    .onConflict((oc) => oc.columns(['pod_id', 'session_id']).doNothing()).execute();
  const members = await podMembers(trx, s.pod_id);
  if (members.length > 0) {
    await nudge(trx, emit, {
      key: attentionKey(s.pod_id, s.id), kind: 'attention', to: members.map((m) => m.personId), group: members.length > 1,
      message: asPayload(attentionMessage({ podId: s.pod_id, podName: s.podName, missed })), programmeId: s.programmeId, podId: s.pod_id,
    }, now);
  }
  return true;
}

/** The pod met again: its open flag is resolved (the lead's home stops showing it). */
export async function resolveAttention(trx: Tx, podId: string, now: Date): Promise<boolean> {
  const rows = await trx.updateTable('pod_attention').set({ resolved_at: now }).where('pod_id', '=', podId).where('resolved_at', 'is', null).returning('id').execute();
  return rows.length > 0;
}
