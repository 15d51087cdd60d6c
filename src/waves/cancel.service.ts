import { recordAudit } from '../audit/audit.repository.ts';
import { cancelPending } from '../outbox/outbox.repository.ts';
import { withOutbox } from '../outbox/outbox.service.ts';
import { reminderKey } from './answer.service.ts';
import { dropHeldNudges } from '../nudges/nudge.repository.ts';
import { inviteMessageKey, inviteUpdateIntent, loadWaveContext, podInviteMessages } from './invite-messages.ts';
import type { Actor, WaveDeps } from './launch.service.ts';
import { refreshLeadHomes } from './lead-refresh.ts';
import { invitesOfWave, lockWave, podsOfWave, setWaveStatus } from './wave.repository.ts';

/** Only waves still being prepared or inviting can be cancelled; later ones have pods meeting. */
export class WaveNotCancellableError extends Error {
  constructor(readonly status: string) {
    super(`This wave is ${status}, so it can't be cancelled any more. Pods that already formed carry on.`);
    this.name = 'WaveNotCancellableError';
  }
}

/**
 * Cancels a wave: live invites are withdrawn and each invitee's message says so, pods are
 * dissolved, the wave is marked cancelled; audited. Re-cancelling a cancelled wave is a no-op.
 */
export async function cancelWave(deps: WaveDeps, waveId: string, actor: Actor): Promise<{ withdrawn: number }> {
  const now = deps.clock.now();
  const result = await withOutbox(deps, async (trx, emit) => {
    const wave = await lockWave(trx, waveId);
    if (!wave) throw new WaveNotCancellableError('gone');
    if (wave.status === 'cancelled') return { withdrawn: 0 };
    if (wave.status !== 'draft' && wave.status !== 'inviting') throw new WaveNotCancellableError(wave.status);
    const ctx = await loadWaveContext(trx, waveId, wave);
    const live = await invitesOfWave(trx, waveId, ['pending', 'accepted']);
    if (live.length) await trx.updateTable('invite').set({ status: 'withdrawn' }).where('id', 'in', live.map((i) => i.id)).execute();
    await cancelPending(trx, live.map((i) => reminderKey(i.id)));
    // An invite still held for someone's morning never goes out (its "cancelled" update is then moot).
    await dropHeldNudges(trx, live.map((i) => inviteMessageKey(i.id)), 'wave cancelled');
    for (const pod of await podsOfWave(trx, waveId)) {
      const { messages } = await podInviteMessages(trx, ctx, pod);
      for (const invite of live.filter((i) => i.pod_id === pod.id)) {
        emit(inviteUpdateIntent({ ...messages.get(invite.id)!, note: 'The programme lead cancelled this wave; you may be invited to a later one.' }, 'cancelled'));
      }
      if (pod.status !== 'dissolved') await trx.updateTable('pod').set({ status: 'dissolved', dissolved_reason: 'wave cancelled' }).where('id', '=', pod.id).execute();
    }
    await setWaveStatus(trx, waveId, 'cancelled', now);
    await recordAudit(trx, { actorId: actor.personId, actorSlackId: actor.slackUserId, action: 'wave.cancel', allowed: true, subject: { waveId }, detail: `${live.length} invites withdrawn` }, now);
    return { withdrawn: live.length };
  });
  await refreshLeadHomes(deps);
  return result;
}
