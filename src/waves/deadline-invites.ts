import type { Tx } from '../db.ts';
import type { Intent } from '../outbox/effects.ts';
import type { Pod } from '../pods/pod.table.ts';
import type { OutboxState } from '../outbox/outbox.table.ts';
import { inviteUpdateIntent, podInviteMessages, reminderClose, reminderKey, type WaveContext } from './invite-messages.ts';
import type { Invite } from './wave.table.ts';

/** Where an accepted invite of a pod that fell short came from: its DM is the one its reader has. */
export interface ShortOrigin { inviteId: string; from: Pod; accepted: number }

/**
 * Once invites close, every DM that still offered an answer is rewritten in place, so that none
 * keeps a button for a closed wave or names a pod its reader is not in: each accepted invite of a
 * pod that goes ahead reads "you're in Pod N"; whoever the deadline moved out of a short pod has
 * their own (old) invite DM rewritten to name the pod they are in now, its members and its time;
 * whoever it could not place reads why; sent reminders of expired invites lose their buttons.
 * One update per DM, keyed by what it says (the deadline runs once per wave, and a retry of these
 * keys sends nothing twice). Expired invites are rewritten by the caller as they expire.
 */
export async function closedInviteIntents(
  trx: Tx, ctx: WaveContext, goingAhead: readonly string[], moved: ReadonlyMap<string, ShortOrigin>,
  unplaced: readonly { personId: string; detail: string }[], expired: readonly Invite[],
  /** The expired invites' reminder rows by key, in the state cancelPending left them. */
  reminderStates: ReadonlyMap<string, OutboxState>,
): Promise<Intent[]> {
  const out: Intent<'slack.update'>[] = [];
  for (const podId of goingAhead) {
    // Read after confirmation: the pod's slot is its booked weekly time now.
    const pod = await trx.selectFrom('pod').selectAll().where('id', '=', podId).executeTakeFirstOrThrow();
    const { invites, messages } = await podInviteMessages(trx, ctx, pod);
    for (const invite of invites.filter((i) => i.status === 'accepted')) {
      const message = messages.get(invite.id)!;
      const origin = moved.get(invite.person_id);
      out.push(origin
        ? inviteUpdateIntent({ ...message, inviteId: origin.inviteId, outcome: { kind: 'moved', fromPod: origin.from.name, accepted: origin.accepted, minSize: origin.from.min_size } }, `closed/in/${pod.id}`)
        : inviteUpdateIntent({ ...message, outcome: { kind: 'goes-ahead' } }, 'closed'));
    }
  }
  for (const u of unplaced) {
    const origin = moved.get(u.personId);
    if (!origin) continue;
    const { messages } = await podInviteMessages(trx, ctx, origin.from);
    const message = messages.get(origin.inviteId);
    const note = `Only ${origin.accepted} accepted ${origin.from.name} by the deadline (it needed ${origin.from.min_size}), and we couldn't fit you into another pod this wave (${u.detail}).`;
    if (message) out.push(inviteUpdateIntent({ ...message, note }, 'closed'));
  }
  const reminders: Intent[] = [];
  for (const invite of expired) {
    const closed = reminderClose(reminderStates.get(reminderKey(invite.id)), invite.id, 'expired', ctx.programme.name);
    if (closed) reminders.push(closed);
  }
  return [...(await withMessage(trx, out)), ...reminders];
}

/**
 * Only DMs that exist (sent, or held by the respect policy, which rewrites them where they wait):
 * someone never reachable in Slack has no invite DM to rewrite, and an update of nothing would fail.
 */
async function withMessage(trx: Tx, updates: Intent<'slack.update'>[]): Promise<Intent[]> {
  if (updates.length === 0) return [];
  const keys = updates.map((u) => u.payload.messageKey);
  const [sent, held] = await Promise.all([
    trx.selectFrom('outbox').select('idempotency_key as key').where('idempotency_key', 'in', keys).execute(),
    trx.selectFrom('nudge').select('key').where('key', 'in', keys).execute(),
  ]);
  const known = new Set([...sent, ...held].map((r) => r.key));
  return updates.filter((u) => known.has(u.payload.messageKey));
}
