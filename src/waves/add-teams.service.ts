import { recordAudit } from '../audit/audit.repository.ts';
import { teamsByRule, type RolloutTeam, type TeamRule } from '../core/rollout/team-rule.ts';
import { rolloutTeams } from './rollout.repository.ts';
import { matchPeople } from '../core/matching/match.ts';
import type { Db, Executor } from '../db.ts';
import { withOutbox } from '../outbox/outbox.service.ts';
import type { PodSlot } from '../pods/pod.table.ts';
import { planPodSlot } from '../pods/slot.service.ts';
import { effectiveSettings, findProgramme, matchSettingsFor } from '../programmes/programme.service.ts';
import { jobId } from '../queue/job-id.ts';
import { nudgeMany, type NudgeRequest } from '../nudges/nudge.service.ts';
import { asPayload, inviteNudge, loadWaveContext, podInviteMessages } from './invite-messages.ts';
import type { WaveDeps } from './launch.service.ts';
import { refreshLeadHomes } from './lead-refresh.ts';
import { loadOrgContext, matchPeopleOf, wavePool, type PersonCard } from './match-inputs.ts';
import { podName } from './preview.service.ts';
import { showNewDeadline, WaveControlError } from './wave-control.service.ts';
import { wavePeopleBusy, type BusyDeps } from './wave-busy.ts';
import { insertInvites, lockWave, upsertWaveMembers } from './wave.repository.ts';
import type { AdditionResult } from './wave.table.ts';
import { section } from '../slack/blocks/common.ts';
import { localText, slackDate } from '../slack/blocks/time.ts';
import { answerableDeadline } from '../core/nudges/invite-deadline.ts';
import { QUIET_HOURS_WINDOW } from '../core/nudges/window.ts';
import { bookedNudges } from '../nudges/nudge.repository.ts';
import type { WaveContext } from './invite-messages.ts';

const DAY = 86_400_000;

export const additionJobId = (additionId: string) => jobId('wave-add-teams', additionId);

/** Teams outside the wave as the rollout sees them (available people, reached or not, department). */
export async function teamsOutsideWave(db: Executor, waveId: string, now: Date, includeGuests: boolean): Promise<RolloutTeam[]> {
  const inWave = new Set((await db.selectFrom('wave_team').select('team_id').where('wave_id', '=', waveId).execute()).map((r) => r.team_id));
  return (await rolloutTeams(db, now, { includeGuests })).filter((t) => !inWave.has(t.id));
}

/**
 * The teams a lead's choice adds: picked ids as picked (checked later, so a team already in the
 * wave is named in an error), or what the launch modal's rule chooses among the teams outside the
 * wave ("not reached" and "next N" skip teams any launched wave covered, this one included).
 */
export async function teamsToAdd(db: Executor, waveId: string, rule: TeamRule, now: Date, includeGuests: boolean): Promise<string[]> {
  if (rule.kind === 'picked') return [...rule.teamIds];
  return teamsByRule(rule, await teamsOutsideWave(db, waveId, now, includeGuests)).map((t) => t.id);
}

/** People of these teams a wave in flight could still invite: invitable now and not already in this wave. */
async function newcomers(db: Executor, waveId: string, teamIds: readonly string[], now: Date, includeGuests: boolean): Promise<PersonCard[]> {
  const pool = await wavePool(db, teamIds, { now, includeGuests });
  if (pool.length === 0) return [];
  const known = new Set((await db.selectFrom('wave_member').select('person_id').where('wave_id', '=', waveId)
    .where('person_id', 'in', pool.map((p) => p.id)).execute()).map((r) => r.person_id));
  return pool.filter((p) => !known.has(p.id));
}

/** What adding these teams would do, for the lead to confirm: teams new to the wave and people invitable now. */
export async function additionPreview(db: Db, waveId: string, teamIds: readonly string[], now: Date, includeGuests: boolean) {
  const wave = await db.selectFrom('wave').select(['status', 'programme_id', 'settings', 'invite_deadline']).where('id', '=', waveId).executeTakeFirst();
  if (!wave || wave.status !== 'inviting') throw new WaveControlError(`This wave is ${wave?.status ?? 'gone'}: teams can only be added while it is inviting.`);
  if (wave.invite_deadline.getTime() <= now.getTime()) throw new WaveControlError('Invitations have closed: launch a new wave for these teams.');
  const inWave = new Set((await db.selectFrom('wave_team').select('team_id').where('wave_id', '=', waveId).execute()).map((r) => r.team_id));
  const teams = await db.selectFrom('team').select(['id', 'name']).where('id', 'in', teamIds.length ? [...teamIds] : ['00000000-0000-0000-0000-000000000000']).orderBy('name').execute();
  if (teams.length !== new Set(teamIds).size) throw new WaveControlError('One of these teams no longer exists: pick again.');
  const already = teams.filter((t) => inWave.has(t.id));
  if (already.length) throw new WaveControlError(`Already in this wave: ${already.map((t) => t.name).join(', ')}.`);
  const programme = (await findProgramme(db, wave.programme_id))!;
  const { minSize, maxSize } = effectiveSettings(programme, wave.settings);
  const people = (await newcomers(db, waveId, teamIds, now, includeGuests)).length;
  return { teams, people, minSize, maxSize };
}

/** The lead's confirmed "Add teams", stored (and audited) before the ack; the job does the matching. */
export async function requestAddition(db: Db, input: { waveId: string; teamIds: string[]; actor: { personId: string | null; slackUserId: string }; rule?: string }, now: Date): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const wave = await lockWave(trx, input.waveId);
    if (!wave || wave.status !== 'inviting') throw new WaveControlError(`This wave is ${wave?.status ?? 'gone'}: teams can only be added while it is inviting.`);
    const row = await trx.insertInto('wave_addition').values({
      wave_id: input.waveId, team_ids: input.teamIds, requested_by: input.actor.personId, requested_by_slack: input.actor.slackUserId, requested_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(trx, { actorId: input.actor.personId, actorSlackId: input.actor.slackUserId, action: 'wave.add_teams.requested', allowed: true, subject: { waveId: input.waveId, additionId: row.id }, detail: `${input.teamIds.length} teams${input.rule ? ` by rule: ${input.rule}` : ''}` }, now);
    return row.id;
  });
}

/**
 * Matches the added teams' available people among themselves into new pods of the wave and
 * invites them, in one transaction with their DMs and the lead's summary (exactly once: the
 * addition is marked done in it). Existing pods are left as they are. Matching and the free/busy
 * read run before the wave lock (they take a while); who is still invitable is re-read under it.
 * Each new pod's slot is found from its members' free/busy, as at launch, and the invites go
 * through the respect policy (the invitee's working hours), as at launch.
 */
export async function addTeamsToWave(deps: WaveDeps & BusyDeps & { config?: WaveDeps['config'] & { INCLUDE_GUESTS?: boolean } }, additionId: string, timeLimitMs = 2_000): Promise<AdditionResult> {
  const now = deps.clock.now();
  const addition = await deps.db.selectFrom('wave_addition').selectAll().where('id', '=', additionId).executeTakeFirst();
  if (!addition) throw new Error(`wave addition ${additionId} not found`);
  if (addition.done_at && addition.result) return addition.result;
  const includeGuests = deps.config?.INCLUDE_GUESTS ?? false;
  const ctx0 = await loadWaveContext(deps.db, addition.wave_id);
  const pool = await newcomers(deps.db, addition.wave_id, addition.team_ids, now, includeGuests);
  const org = await loadOrgContext(deps.db);
  const settings = matchSettingsFor(ctx0.programme, ctx0.wave.settings, ctx0.wave.start_week, ctx0.wave.seed, timeLimitMs);
  const result = matchPeople({ people: matchPeopleOf(pool, org.idByEmail), history: org.history ?? [], exclusions: org.exclusions ?? [], managerOf: org.managerOf ?? {} }, settings, now);
  const zoneOf = new Map(pool.map((p) => [p.id, p.timezone]));
  const placed = new Set(result.pods.flatMap((p) => p.members));
  const busy = await wavePeopleBusy(deps, ctx0.programme, ctx0.wave, pool.filter((p) => placed.has(p.id)));

  const leadZone = addition.requested_by
    ? (await deps.db.selectFrom('person').select('timezone').where('id', '=', addition.requested_by).executeTakeFirst())?.timezone ?? null
    : null;
  const outcome = await withOutbox(deps, async (trx, emit) => {
    const done = await trx.selectFrom('wave_addition').select(['done_at', 'result']).where('id', '=', additionId).forUpdate().executeTakeFirstOrThrow();
    if (done.done_at && done.result) return done.result;
    const wave = await lockWave(trx, addition.wave_id);
    const finish = async (r: AdditionResult) => {
      await trx.updateTable('wave_addition').set({ done_at: now, result: JSON.stringify(r) as unknown as AdditionResult }).where('id', '=', additionId).execute();
      emit({ key: `wave-addition/${additionId}/done`, kind: 'slack.message', payload: { channel: addition.requested_by_slack, ...asPayload(additionSummary(ctx0.wave.name, r, leadZone)) } });
      return r;
    };
    if (!wave || wave.status !== 'inviting' || wave.invite_deadline.getTime() <= now.getTime()) {
      return finish({ teams: 0, invited: 0, pods: 0, unplaced: 0, refused: `the wave is ${wave?.status === 'inviting' ? 'past its deadline' : (wave?.status ?? 'gone')}, so nobody was invited` });
    }
    const ctx = await loadWaveContext(trx, wave.id, wave);
    await trx.insertInto('wave_team').values(addition.team_ids.map((team_id) => ({ wave_id: wave.id, team_id }))).onConflict((oc) => oc.doNothing()).execute();
    // Still invitable under the lock: nobody invited by another wave or gone since the match.
    const still = new Set((await newcomers(trx, wave.id, addition.team_ids, now, includeGuests)).map((p) => p.id));
    const existing = Number((await trx.selectFrom('pod').select(({ fn }) => fn.countAll<string>().as('n')).where('wave_id', '=', wave.id).executeTakeFirstOrThrow()).n);
    const slotCtx = { programme: ctx.programme, settings: ctx.settings, startWeek: wave.start_week };
    const dropped: string[] = [];
    const formed: { matched: (typeof result.pods)[number]; members: string[] }[] = [];
    for (const matched of result.pods) {
      const members = matched.members.filter((id) => still.has(id));
      dropped.push(...matched.members.filter((id) => !still.has(id)));
      if (members.length < settings.minSize) dropped.push(...members);
      else formed.push({ matched, members });
    }
    // As at launch: the newcomers' invites wait for their working hours, so the deadline moves
    // later if one of them would not have a whole working day to answer; it never moves earlier,
    // and everyone already invited is shown the new date.
    const deadline = await newcomersDeadline(trx, ctx, formed.flatMap((f) => f.members), now);
    const moved = deadline.getTime() > wave.invite_deadline.getTime();
    if (moved) {
      await trx.updateTable('wave').set({ invite_deadline: deadline }).where('id', '=', wave.id).execute();
      ctx.wave = { ...ctx.wave, invite_deadline: deadline };
      await showNewDeadline(trx, emit, ctx);
    }
    let invited = 0, pods = 0;
    const requests: NudgeRequest[] = [];
    for (const { matched, members } of formed) {
      const slot = planPodSlot(slotCtx, members.map((id) => busy.members.get(id) ?? { id, zone: zoneOf.get(id) ?? 'UTC' }), { notBefore: wave.invite_deadline, freeBusy: busy.read });
      const pod = await trx.insertInto('pod').values({
        wave_id: wave.id, name: podName(existing + pods), status: 'inviting',
        min_size: Math.max(2, Math.min(settings.minSize, members.length)), max_size: Math.min(8, Math.max(settings.maxSize, members.length)),
        score: matched.score,
        breakdown: JSON.stringify({ ...matched.breakdown, members, window: matched.window, relaxations: matched.relaxations, addedWith: additionId }) as unknown as Record<string, unknown>,
        window_start_minute: matched.window.utcStartMinuteOfWeek,
        slot: slot ? (JSON.stringify(slot) as unknown as PodSlot) : null, recurrence_zone: slot?.zone ?? null, created_at: now,
      }).returningAll().executeTakeFirstOrThrow();
      await insertInvites(trx, members.map((person_id) => ({ pod_id: pod.id, wave_id: wave.id, person_id, created_at: now })));
      await upsertWaveMembers(trx, members.map((person_id) => ({ wave_id: wave.id, person_id, state: 'placed' as const, reason: null, suggestion: null, updated_at: now })));
      const { invites, messages, slackIds } = await podInviteMessages(trx, ctx, pod);
      for (const [inviteId, message] of messages) {
        const personId = invites.find((i) => i.id === inviteId)?.person_id;
        if (slackIds.get(inviteId) && personId) requests.push(inviteNudge(message, personId, ctx.programme.id, pod.id, deadline));
        invited++;
      }
      pods++;
    }
    await nudgeMany(trx, emit, requests, now);
    // Whoever the matcher or the lock left out stays in the wave's pool: backfill offers them places that free up.
    const unplaced = [
      ...result.unplaced.filter((u) => still.has(u.personId)).map((u) => ({ id: u.personId, reason: u.detail, suggestion: u.suggestion })),
      ...dropped.filter((id) => still.has(id)).map((id) => ({ id, reason: 'too few others left to form a pod when the teams were added', suggestion: 'offered a place that frees up in this wave' })),
    ];
    await upsertWaveMembers(trx, unplaced.map((u) => ({ wave_id: wave.id, person_id: u.id, state: 'unplaced' as const, reason: u.reason, suggestion: u.suggestion, updated_at: now })));
    await recordAudit(trx, {
      actorId: addition.requested_by, actorSlackId: addition.requested_by_slack, action: 'wave.add_teams', allowed: true,
      subject: { waveId: wave.id, additionId }, detail: `${addition.team_ids.length} teams, ${pods} new pods, ${invited} invites, ${unplaced.length} unplaced` +
        `${moved ? `, deadline ${wave.invite_deadline.toISOString()} → ${deadline.toISOString()} (a whole working day to answer in every new invitee's zone)` : ''}`,
    }, now);
    return finish({
      teams: addition.team_ids.length, invited, pods, unplaced: unplaced.length,
      ...(moved ? { deadlineMoved: { from: wave.invite_deadline.toISOString(), to: deadline.toISOString() } } : {}),
    });
  });
  await refreshLeadHomes(deps);
  return outcome;
}

/**
 * The deadline the wave needs once these people are invited now: the current one, or later when
 * an invite held for someone's working hours (or their full week) would leave them less than a
 * whole working day, as launchWave decides it; never into the start week, never earlier.
 */
async function newcomersDeadline(trx: Executor, ctx: WaveContext, personIds: readonly string[], now: Date): Promise<Date> {
  const wave = ctx.wave;
  if (personIds.length === 0) return wave.invite_deadline;
  const zones = await trx.selectFrom('person').select(['id', 'timezone']).where('id', 'in', [...personIds]).execute();
  const booked = await bookedNudges(trx, zones.map((z) => z.id), new Date(now.getTime() - 8 * DAY), new Date(now.getTime() + 120 * DAY));
  return answerableDeadline(wave.invite_deadline, zones.map((z) => ({ zone: z.timezone, booked: booked.get(z.id) ?? [] })), now,
    { ...QUIET_HOURS_WINDOW, days: ctx.programme.work_days }, new Date(Date.parse(`${wave.start_week}T00:00:00Z`) - 60_000), ctx.programme.nudge_weekly_cap);
}

/** The DM the lead gets once the added teams are matched and invited; a moved deadline in the lead's zone. */
export function additionSummary(waveName: string, r: AdditionResult, leadZone: string | null = null) {
  const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const head = r.refused
    ? `Adding teams to ${waveName}: ${r.refused}.`
    : `Added ${r.teams} team${r.teams === 1 ? '' : 's'} to ${waveName}: ${r.invited} people invited in ${r.pods} new pod${r.pods === 1 ? '' : 's'}${r.unplaced ? `, ${r.unplaced} not placed (kept in the wave's pool for places that free up)` : ''}. Existing pods are unchanged.`;
  if (!r.deadlineMoved) return { text: head, blocks: [section(esc(head))] };
  const [from, to] = [new Date(r.deadlineMoved.from), new Date(r.deadlineMoved.to)];
  const moved = (show: (at: Date) => string) => `Invitations now close ${show(to)} instead of ${show(from)}, so everyone invited now has a whole working day to answer in their own zone; everyone already invited sees the new date.`;
  return {
    text: `${head} ${moved((at) => localText(at, leadZone))}`,
    blocks: [section(esc(head)), section(moved((at) => slackDate(at, leadZone)))],
  };
}

/** Reconciler entry: additions requested and not done (their job was lost). */
export async function scheduleOpenAdditions(deps: Pick<WaveDeps, 'db' | 'enqueue'>): Promise<number> {
  const open = await deps.db.selectFrom('wave_addition').select('id').where('done_at', 'is', null).execute();
  for (const a of open) await deps.enqueue('wave-add-teams', { additionId: a.id }, { jobId: additionJobId(a.id) });
  return open.length;
}
