import { DateTime } from 'luxon';
import type { Tx } from '../db.ts';
import type { Intent } from '../outbox/effects.ts';
import { withOutbox } from '../outbox/outbox.service.ts';
import { updateNudge } from '../nudges/nudge.service.ts';
import { checkInMessage, type Answer } from '../slack/blocks/rhythm.blocks.ts';
import { asPayload } from '../waves/invite-messages.ts';
import { refreshLeadHomes } from '../waves/lead-refresh.ts';
import { auditRefusal, clickerOf } from './access.ts';
import { evaluateAttention, resolveAttention } from './attention.service.ts';
import type { RhythmDeps } from './beat.service.ts';
import { BadMoveDateError, NotYourSessionError, SessionClosedError } from './errors.ts';
import { sessionFacts } from './facts.ts';
import { sessionKeys } from './keys.ts';
import { podMembers, sessionForUpdate, setCheckin, type LockedSession, type PodMember } from './rhythm.repository.ts';
import { isUuid } from '../core/ids.ts';

type Emit = (intent: Intent) => void;

/** Runs a session action in one transaction; a refusal is audited and rethrown (nothing changed). */
export async function sessionAction<T>(
  deps: RhythmDeps, action: string, input: { sessionId: string; slackUserId: string }, need: 'facilitator' | 'member',
  work: (trx: Tx, emit: Emit, s: LockedSession, members: PodMember[], me: PodMember, now: Date) => Promise<T>,
): Promise<T> {
  const now = deps.clock.now();
  try {
    return await withOutbox(deps, async (trx, emit) => {
      const s = isUuid(input.sessionId) ? await sessionForUpdate(trx, input.sessionId) : undefined;
      if (!s) throw new SessionClosedError('That session no longer exists.');
      const members = await podMembers(trx, s.pod_id);
      const me = await clickerOf(trx, s, members, input.slackUserId, need);
      return work(trx, emit, s, members, me, now);
    });
  } catch (error) {
    if (error instanceof NotYourSessionError) await auditRefusal(deps.db, action, input.slackUserId, input.sessionId, error, now);
    throw error;
  }
}

/** Edits the check-in (and its follow-up, if sent) in place to show the answer. */
function showAnswer(trx: Tx, emit: Emit, s: LockedSession, members: PodMember[], answer: Answer, present: Set<string>, tag: string) {
  const keys = sessionKeys(s.id, s.checkin.version);
  const attendees = members.filter((m) => m.status !== 'left').map((m) => ({ personId: m.personId, name: m.name, slackUserId: m.slackUserId, present: present.has(m.personId) }));
  const message = asPayload(checkInMessage(sessionFacts(s, members, s.facilitator_id), { answered: answer, attendees }));
  return Promise.all([keys.checkIn, keys.followUp].map((key) => updateNudge(trx, emit, key, message, tag)));
}

/**
 * "We met" / "We skipped" from a check-in: the session is settled (held or skipped), everyone
 * active is recorded as present when the pod met (the facilitator may untick people), a met
 * session clears the pod's attention flag and a skipped one may raise it. Facilitator or member.
 */
export async function answerCheckIn(deps: RhythmDeps, input: { sessionId: string; slackUserId: string; answer: Answer }): Promise<'recorded' | 'unchanged'> {
  let flagChanged = false;
  const result = await sessionAction(deps, `rhythm.check_in.${input.answer}`, input, 'member', async (trx, emit, s, members, me, now) => {
    const current = s.status === 'held' ? 'met' : s.status === 'skipped' ? 'skipped' : undefined;
    if (current === input.answer) return 'unchanged' as const;
    if (s.status === 'cancelled') throw new SessionClosedError('That session was cancelled.');
    if (now < s.starts_at) throw new SessionClosedError("That session hasn't started yet. To skip it, use the facilitator's \"We'll skip this week\".");
    await trx.updateTable('pod_session').set({ status: input.answer === 'met' ? 'held' : 'skipped' }).where('id', '=', s.id).execute();
    await setCheckin(trx, s.id, { outcome: input.answer, answered_by: me.personId, answered_at: now });
    const present = new Set(members.filter((m) => m.active).map((m) => m.personId));
    await trx.deleteFrom('attendance').where('session_id', '=', s.id).execute();
    if (input.answer === 'met') {
      await trx.insertInto('attendance').values(members.filter((m) => m.status !== 'left').map((m) => ({
        session_id: s.id, person_id: m.personId, status: present.has(m.personId) ? 'attended' as const : 'absent' as const, recorded_at: now,
      }))).execute();
      flagChanged = await resolveAttention(trx, s.pod_id, now);
    } else {
      flagChanged = await evaluateAttention(trx, emit, { ...s, status: 'skipped' }, now);
    }
    await showAnswer(trx, emit, s, members, input.answer, present, `answer/${input.answer}/${now.getTime()}`);
    return 'recorded' as const;
  });
  if (flagChanged) await refreshLeadHomes(deps);
  return result;
}

/** Per-member attendance (optional), after "We met": who was there. */
export async function recordAttendance(deps: RhythmDeps, input: { sessionId: string; slackUserId: string; presentIds: string[] }): Promise<number> {
  return sessionAction(deps, 'rhythm.attendance', input, 'member', async (trx, emit, s, members, _me, now) => {
    if (s.status !== 'held') throw new SessionClosedError('Attendance is recorded for sessions the pod met.');
    const present = new Set(input.presentIds.filter((id) => members.some((m) => m.personId === id)));
    for (const m of members.filter((x) => x.status !== 'left')) {
      const status = present.has(m.personId) ? 'attended' as const : 'absent' as const;
      await trx.insertInto('attendance').values({ session_id: s.id, person_id: m.personId, status, recorded_at: now })
        .onConflict((oc) => oc.columns(['session_id', 'person_id']).doUpdateSet({ status, recorded_at: now })).execute();
    }
    await showAnswer(trx, emit, s, members, 'met', present, `attendance/${now.getTime()}`);
    return present.size;
  });
}

/**
 * "We moved it": the session takes the new date at the same time of day in the facilitator's
 * zone; its check-in state resets and its messages get fresh keys (version + 1), so the pod is
 * reminded and checked in with again for the new time. The date must be today or later and
 * before the pod's next session.
 */
export async function moveSession(deps: RhythmDeps, input: { sessionId: string; slackUserId: string; date: string }): Promise<Date> {
  return sessionAction(deps, 'rhythm.move', input, 'member', async (trx, emit, s, members, me, now) => {
    if (s.status !== 'scheduled' && s.status !== 'skipped') throw new SessionClosedError('That session was already recorded as held.');
    const zone = members.find((m) => m.personId === s.facilitator_id)?.zone ?? me.zone;
    const day = DateTime.fromISO(input.date, { zone });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(input.date) || !day.isValid) throw new BadMoveDateError('Pick a date from the calendar.');
    const old = DateTime.fromJSDate(s.starts_at, { zone });
    const startsAt = day.set({ hour: old.hour, minute: old.minute, second: 0, millisecond: 0 }).toUTC().toJSDate();
    const endsAt = new Date(startsAt.getTime() + (s.ends_at.getTime() - s.starts_at.getTime()));
    if (startsAt <= now) throw new BadMoveDateError('Pick a date still ahead: the new time has already passed.');
    const next = await trx.selectFrom('pod_session').select('starts_at').where('pod_id', '=', s.pod_id).where('index', '=', s.index + 1).executeTakeFirst();
    if (next && endsAt > next.starts_at) throw new BadMoveDateError('Pick a date before the pod\'s next session.');
    await trx.updateTable('pod_session').set({ starts_at: startsAt, ends_at: endsAt, status: 'scheduled' }).where('id', '=', s.id).execute();
    await setCheckin(trx, s.id, {
      version: s.checkin.version + 1, outcome: null, answered_by: null, answered_at: null, asked_at: null, followed_up_at: null,
      moved_from: s.checkin.moved_from ?? s.starts_at,
    });
    const keys = sessionKeys(s.id, s.checkin.version);
    const text = `${s.podName} session ${s.index + 1} moved to ${DateTime.fromJSDate(startsAt, { zone: me.zone }).toFormat('ccc d LLL HH:mm')}. We'll remind the pod and check in after.`;
    for (const key of [keys.checkIn, keys.followUp]) await updateNudge(trx, emit, key, { text }, `moved/${s.checkin.version + 1}`);
    return startsAt;
  });
}
