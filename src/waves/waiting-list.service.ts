import { recordAudit } from '../audit/audit.repository.ts';
import type { Executor } from '../db.ts';
import { withOutbox } from '../outbox/outbox.service.ts';
import { askedToContinue } from '../retros/retro.repository.ts';
import { backfillPod } from './backfill.service.ts';
import { loadWaveContext } from './invite-messages.ts';
import type { Actor, WaveDeps } from './launch.service.ts';
import { refreshLeadHomes } from './lead-refresh.ts';
import { wavePool } from './match-inputs.ts';
import { WaveControlError } from './wave-control.service.ts';
import { backfillCandidates, lockWave, upsertWaveMembers } from './wave.repository.ts';

/**
 * A wave's waiting list: who could take a place in one of its pods now. The wave's unplaced people,
 * plus people who became invitable since the preview (joined one of its teams, back from a pause)
 * and people who asked to continue a closed pod of the programme. Read-only: ids, unplaced first.
 */
export async function waitingList(db: Executor, waveId: string, now: Date, includeGuests = false): Promise<string[]> {
  const wave = await db.selectFrom('wave').select(['programme_id']).where('id', '=', waveId).executeTakeFirst();
  if (!wave) return [];
  const unplaced = await backfillCandidates(db, waveId, now);
  const teams = (await db.selectFrom('wave_team').select('team_id').where('wave_id', '=', waveId).execute()).map((r) => r.team_id);
  const firstInLine = (await askedToContinue(db, wave.programme_id)).map((p) => p.personId);
  const fresh = (await wavePool(db, teams, { now, includeGuests, firstInLine })).map((p) => p.id);
  const inWave = new Set((await db.selectFrom('wave_member').select('person_id').where('wave_id', '=', waveId)
    .where('person_id', 'in', fresh.length ? fresh : ['00000000-0000-0000-0000-000000000000']).execute()).map((r) => r.person_id));
  return [...new Set([...unplaced, ...fresh.filter((id) => !inWave.has(id))])];
}

/**
 * "Invite from the waiting list" on a pod below its minimum: offers its free places, one at a time,
 * to the best fitting person on the wave's waiting list (backfillPod keeps every hard constraint:
 * size, managers, exclusions, a common slot), until the pod can reach its minimum again. In one
 * transaction with the invites' DMs; audited. Returns who was invited and, if short, why.
 */
export async function inviteFromWaitingList(deps: WaveDeps & { config?: WaveDeps['config'] & { INCLUDE_GUESTS?: boolean } }, podId: string, actor: Actor): Promise<{ invited: number; reason?: string }> {
  const now = deps.clock.now();
  const pod0 = await deps.db.selectFrom('pod').select(['wave_id']).where('id', '=', podId).executeTakeFirst();
  if (!pod0) throw new WaveControlError('That pod no longer exists.');
  const outcome = await withOutbox(deps, async (trx, emit) => {
    const wave = await lockWave(trx, pod0.wave_id);
    if (!wave || wave.status !== 'inviting') throw new WaveControlError(`This wave is ${wave?.status ?? 'gone'}: its pods are not inviting any more.`);
    const pod = await trx.selectFrom('pod').selectAll().where('id', '=', podId).executeTakeFirstOrThrow();
    if (pod.status !== 'inviting') throw new WaveControlError(`${pod.name} is ${pod.status}: only a pod still inviting takes new invitees.`);
    const live = await trx.selectFrom('invite').select('status').where('pod_id', '=', podId).where('status', 'in', ['pending', 'accepted']).execute();
    const need = pod.min_size - live.length;
    if (need <= 0) return { invited: 0, reason: `${pod.name} can still reach its minimum of ${pod.min_size}` };
    // People new to the wave join its pool as unplaced, so backfill (and later the deadline) sees them.
    const list = await waitingList(trx, wave.id, now, deps.config?.INCLUDE_GUESTS ?? false);
    const known = new Set(await backfillCandidates(trx, wave.id, now));
    await upsertWaveMembers(trx, list.filter((id) => !known.has(id)).map((person_id) => ({
      wave_id: wave.id, person_id, state: 'unplaced' as const, reason: 'on the waiting list', suggestion: 'offered a place in a pod below its minimum', updated_at: now,
    })));
    const ctx = await loadWaveContext(trx, wave.id, wave);
    let invited = 0;
    let reason: string | undefined;
    for (let k = 0; k < need; k++) {
      const result = await backfillPod(trx, emit, ctx, podId, now);
      if (result.invited === null) { reason = result.reason; break; }
      invited++;
    }
    await recordAudit(trx, { actorId: actor.personId, actorSlackId: actor.slackUserId, action: 'wave.pod_waiting_list', allowed: true, subject: { waveId: wave.id, podId }, detail: `${invited} invited${reason ? `; ${reason}` : ''}` }, now);
    return { invited, ...(reason ? { reason } : {}) };
  });
  await refreshLeadHomes(deps);
  return outcome;
}
