import { recordAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db.ts';
import { withOutbox } from '../outbox/outbox.service.ts';
import { invitableNow } from '../roster/availability.repository.ts';
import type { Config } from '../config.ts';
import type { Clock } from '../platform/clock.ts';
import type { Enqueue } from '../queue/enqueue.ts';
import type { Queues } from '../queues.ts';
import { markOfferedFirst } from '../retros/retro.repository.ts';
import { answerableDeadline } from '../core/nudges/invite-deadline.ts';
import { QUIET_HOURS_WINDOW } from '../core/nudges/window.ts';
import { nudgeMany, type NudgeRequest } from '../nudges/nudge.service.ts';
import { bookedNudges } from '../nudges/nudge.repository.ts';

const DAY = 86_400_000;
import { inviteNudge, loadWaveContext, podInviteMessages } from './invite-messages.ts';
import { insertInvites, lockWave, podsOfWave, setWaveStatus, upsertWaveMembers } from './wave.repository.ts';

export interface WaveDeps {
  db: Db;
  clock: Clock;
  enqueue: Enqueue<Queues>;
  /** Config admins also see the lead view, so their home is refreshed too. */
  config?: Pick<Config, 'PEERPODS_ADMINS'> & Partial<Pick<Config, 'CALENDAR_BOOKING' | 'GOOGLE_CALENDAR_ORGANIZER' | 'GOOGLE_ADMIN_EMAIL' | 'SLACK_APP_ID'>>;
}

export interface Actor {
  personId: string | null;
  slackUserId: string | null;
}

/** Launch needs a preview first: the pods a lead confirms are the ones they saw. */
export class WaveNotPreviewedError extends Error {
  constructor(readonly waveId: string) {
    super('This wave has no previewed pods yet: wait for the preview, then press Launch.');
    this.name = 'WaveNotPreviewedError';
  }
}

interface ProposedBreakdown { members?: string[] }

/**
 * Launches a previewed draft wave in one transaction: the proposed pods become 'inviting', each
 * member gets a pending invite and an invite DM intent. Idempotent: launching a wave that is
 * already inviting returns its counts and sends nothing new. People who left or paused since the
 * preview are not invited (recorded as withdrawn); their pods are backfilled like any leaver's.
 */
export async function launchWave(deps: WaveDeps, waveId: string, actor: Actor): Promise<{ invites: number; pods: number; alreadyLaunched: boolean }> {
  const now = deps.clock.now();
  return withOutbox(deps, async (trx, emit) => {
    const wave = await lockWave(trx, waveId);
    if (!wave) throw new Error(`wave ${waveId} not found`);
    if (wave.status !== 'draft') {
      const pods = await podsOfWave(trx, waveId);
      const invites = await trx.selectFrom('invite').select(({ fn }) => fn.countAll<number>().as('n')).where('wave_id', '=', waveId).executeTakeFirstOrThrow();
      return { invites: Number(invites.n), pods: pods.length, alreadyLaunched: true };
    }
    const pods = await podsOfWave(trx, waveId, ['proposed']);
    if (pods.length === 0) throw new WaveNotPreviewedError(waveId);
    const ctx = await loadWaveContext(trx, waveId, wave);
    const everyone = pods.flatMap((p) => (p.breakdown as ProposedBreakdown).members ?? []);
    // Still invitable now: not left or paused since the preview, and not invited meanwhile by an
    // overlapping wave nor seated in a pod (guests were decided at the preview).
    const active = new Set((await trx.selectFrom('person').select('id').where('id', 'in', everyone.length ? everyone : ['00000000-0000-0000-0000-000000000000'])
      .where(invitableNow(now, { includeGuests: true })).execute()).map((r) => r.id));
    const gone = everyone.filter((id) => !active.has(id));
    await upsertWaveMembers(trx, gone.map((id) => ({ wave_id: waveId, person_id: id, state: 'withdrawn' as const, reason: 'left, paused or invited by another wave between preview and launch', suggestion: null, updated_at: now })));

    // Invites reach each person at their next allowed moment (the respect policy): the deadline
    // leaves the last of them a whole working day in their zone to answer.
    // Someone whose week is full (the weekly cap) gets theirs the week after: predicted the same way.
    const zones = await trx.selectFrom('person').select(['id', 'timezone']).where('id', 'in', [...active].length ? [...active] : ['00000000-0000-0000-0000-000000000000']).execute();
    const booked = await bookedNudges(trx, zones.map((z) => z.id), new Date(now.getTime() - 8 * DAY), new Date(now.getTime() + 120 * DAY));
    const deadline = answerableDeadline(wave.invite_deadline, zones.map((z) => ({ zone: z.timezone, booked: booked.get(z.id) ?? [] })), now,
      { ...QUIET_HOURS_WINDOW, days: ctx.programme.work_days }, new Date(Date.parse(`${wave.start_week}T00:00:00Z`) - 60_000), ctx.programme.nudge_weekly_cap);
    const moved = deadline.getTime() > wave.invite_deadline.getTime();
    if (moved) {
      await trx.updateTable('wave').set({ invite_deadline: deadline }).where('id', '=', waveId).execute();
      ctx.wave = { ...ctx.wave, invite_deadline: deadline };
    }
    let invites = 0;
    const requests: NudgeRequest[] = [];
    for (const pod of pods) {
      const members = ((pod.breakdown as ProposedBreakdown).members ?? []).filter((id) => active.has(id));
      await trx.updateTable('pod').set({ status: 'inviting' }).where('id', '=', pod.id).execute();
      await insertInvites(trx, members.map((person_id) => ({ pod_id: pod.id, wave_id: waveId, person_id, created_at: now })));
      const { invites: rows, messages, slackIds } = await podInviteMessages(trx, ctx, pod);
      for (const [inviteId, message] of messages) {
        const personId = rows.find((r) => r.id === inviteId)?.person_id;
        if (slackIds.get(inviteId) && personId) requests.push(inviteNudge(message, personId, ctx.programme.id, pod.id, deadline));
        invites++;
      }
    }
    await nudgeMany(trx, emit, requests, now);
    await markOfferedFirst(trx, waveId, ctx.programme.id);
    await setWaveStatus(trx, waveId, 'inviting', now);
    await recordAudit(trx, {
      actorId: actor.personId, actorSlackId: actor.slackUserId, action: 'wave.launch', allowed: true,
      subject: { waveId }, detail: `${pods.length} pods, ${invites} invites${gone.length ? `, ${gone.length} left since preview` : ''}` +
        `${moved ? `, deadline ${wave.invite_deadline.toISOString()} → ${deadline.toISOString()} (a whole working day to answer in every invitee's zone)` : ''}`,
    }, now);
    return { invites, pods: pods.length, alreadyLaunched: false };
  });
}
