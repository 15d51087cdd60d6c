import type { Executor } from '../db.ts';
import type { Intent } from '../outbox/effects.ts';
import { attendeeEmails, bookSeries } from './booking.service.ts';

/** Pod states whose calendar follows its members. */
const MEETING = ['confirmed', 'scheduled', 'running', 'retro'] as const;

/** The pod's live series (booking asked for or done), newest part first. */
async function liveSeries(db: Executor, podId: string) {
  return db.selectFrom('calendar_series').selectAll().where('pod_id', '=', podId).where('state', 'in', ['pending', 'booked']).orderBy('part', 'desc').execute();
}

/** The occurrences a series holds (cancelled sessions left out), in order. */
async function sessionsOf(db: Executor, eventId: string) {
  return db.selectFrom('pod_session').select(['index', 'starts_at']).where('calendar_event_id', '=', eventId).where('status', '!=', 'cancelled').orderBy('index').execute();
}

// RRULE UNTIL is inclusive: the series must stop just before the first occurrence it gives up.
const JUST_BEFORE_MS = 1_000;

/**
 * After a member leaves, pauses, resumes (or a newcomer joins), the pod's calendar follows the
 * people who take part for the occurrences still ahead, and only those: someone who left keeps
 * the sessions they went to, nobody keeps invitations to sessions of a pod they left, a newcomer
 * is invited from the next one. A paused member stays in the pod but is taken off its
 * occurrences until the pause ends (the rhythm sends them nothing either); resuming invites them
 * to the occurrences still ahead.
 *
 * How, per live series whose attendee list differs from the one wanted:
 * - none of its occurrences has begun: its attendee list is replaced (one patch; Google applies
 *   it to every occurrence, and none is in the past);
 * - some have begun: the series is split at the next occurrence, which is what Google documents
 *   for changing "this and all following" instances (trim the original with RRULE UNTIL, insert a
 *   new recurring event for the rest). We chose the split over patching each future instance: the
 *   split is 2 writes whatever the number of sessions left (patching is one per occurrence, and
 *   each becomes an exception that Google then mails separately); the trimmed series keeps the
 *   past occurrences exactly as they were (attendees, answers); the new part reuses the series'
 *   Meet conference, so the pod keeps its link. It is the same split a reschedule makes, with the
 *   same deterministic ids (pod + part), so retries cannot book twice.
 * - none ahead: nothing to change.
 * The old part is marked ended in this transaction, so a later change or an early close never
 * touches it again. A series already written with the wanted list gets nothing (pausing twice,
 * a repeated call); each patch's key carries the series' patch count, so pause, resume, pause
 * again are three writes even though the first and third ask for the same list.
 */
export async function syncSeriesAttendees(trx: Executor, emit: (intent: Intent) => void, podId: string, now: Date): Promise<number> {
  // One change at a time per pod: two leavers at once must not both split into the same part.
  const pod = await trx.selectFrom('pod').select(['id', 'slot']).where('id', '=', podId).forUpdate().executeTakeFirst();
  const series = await liveSeries(trx, podId);
  if (!pod || series.length === 0) return 0;
  const members = await trx.selectFrom('pod_member').innerJoin('person', 'person.id', 'pod_member.person_id')
    .select(['person.id', 'person.email', 'person.status']).where('pod_member.pod_id', '=', podId).where('pod_member.left_at', 'is', null)
    .where('person.status', '!=', 'left').orderBy('pod_member.seat').execute();
  // Fewer than two left: the round closes early (the reconcile tick), which ends the series.
  // (A paused member still counts: they are coming back.)
  if (members.length < 2) return 0;
  let nextPart = Math.max(...(await trx.selectFrom('calendar_series').select('part').where('pod_id', '=', podId).execute()).map((s) => s.part)) + 1;
  let changed = 0;
  for (const s of series) {
    const wanted = attendeeEmails(members, s.organizer);
    if (s.attendees && sameSet(s.attendees, wanted)) continue;
    const sessions = await sessionsOf(trx, s.event_id);
    const ahead = sessions.filter((x) => x.starts_at.getTime() > now.getTime());
    if (ahead.length === 0) continue;
    if (ahead.length === sessions.length) {
      const change = s.attendee_changes + 1;
      await trx.updateTable('calendar_series').set({ attendees: wanted, attendee_changes: change, updated_at: now }).where('event_id', '=', s.event_id).execute();
      emit({
        key: `pod/${podId}/series/${s.part}/attendees/${change}`, kind: 'google.series.attendees',
        payload: { podId, calendarId: s.organizer, eventId: s.event_id, attendees: wanted },
      });
      changed++;
      continue;
    }
    const slot = pod.slot;
    const indexes = new Set(ahead.map((x) => x.index));
    const occurrences = (slot?.occurrences ?? []).filter((o) => indexes.has(o.index));
    if (!slot || occurrences.length === 0) continue;
    const until = new Date(Date.parse(occurrences[0]!.nominal) - JUST_BEFORE_MS);
    await trx.updateTable('calendar_series').set({ state: 'ended', until_at: until, updated_at: now }).where('event_id', '=', s.event_id).execute();
    emit({ key: `pod/${podId}/series/${s.part}/end`, kind: 'google.series.end', payload: { podId, calendarId: s.organizer, eventId: s.event_id, until: until.toISOString() } });
    const earlier = await trx.selectFrom('outbox').select('payload').where('idempotency_key', '=', `pod/${podId}/series/${s.part}/insert`).executeTakeFirst();
    const before = (earlier?.payload as { event?: { summary?: string; description?: string } } | undefined)?.event;
    const context = await trx.selectFrom('pod').innerJoin('wave', 'wave.id', 'pod.wave_id').innerJoin('programme', 'programme.id', 'wave.programme_id')
      .select(['pod.name', 'programme.name as programmeName', 'programme.facilitation_guide as guide']).where('pod.id', '=', podId).executeTakeFirstOrThrow();
    await bookSeries(trx, emit, { enabled: true, organizer: s.organizer }, {
      podId, podName: context.name, programmeName: context.programmeName, guide: context.guide, organizer: s.organizer,
      slot, occurrences, part: nextPart++, memberIds: members.map((m) => m.id),
      ...(before?.summary ? { summary: before.summary } : {}), ...(before?.description ? { description: before.description } : {}),
      ...(s.meet_url ? { meetUrl: s.meet_url } : {}),
    }, now);
    changed++;
  }
  return changed;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const x = new Set(a);
  return x.size === new Set(b).size && b.every((e) => x.has(e));
}

/**
 * A member paused or resumed: each pod they are in that is still meeting follows (see
 * syncSeriesAttendees). Called in the transaction that changes their status.
 */
export async function syncPodsOfPeople(trx: Executor, emit: (intent: Intent) => void, personIds: readonly string[], now: Date): Promise<number> {
  if (personIds.length === 0) return 0;
  const pods = await trx.selectFrom('pod_member').innerJoin('pod', 'pod.id', 'pod_member.pod_id').select('pod.id').distinct()
    .where('pod_member.person_id', 'in', [...personIds]).where('pod_member.left_at', 'is', null)
    .where('pod.status', 'in', [...MEETING]).orderBy('pod.id').execute();
  let changed = 0;
  for (const pod of pods) changed += await syncSeriesAttendees(trx, emit, pod.id, now);
  return changed;
}

/**
 * Ends a pod's calendar series early (the round closed before its last session): each live
 * series with occurrences still ahead stops before `until` with RRULE UNTIL (or is deleted when
 * none of its occurrences has begun), so later occurrences disappear from everyone's calendar,
 * and sessions after it are cancelled. Called by the round's
 * end in the same transaction as the state change; the series row is marked ended there too, so
 * nothing later extends it again. Idempotent per series (key pod + part).
 */
export async function endPodSeries(trx: Executor, emit: (intent: Intent) => void, podId: string, until: Date, now: Date): Promise<number> {
  const series = await liveSeries(trx, podId);
  let ended = 0;
  for (const s of series) {
    const sessions = await sessionsOf(trx, s.event_id);
    const ahead = sessions.filter((x) => x.starts_at.getTime() >= until.getTime());
    if (ahead.length === 0) continue;
    await trx.updateTable('calendar_series').set({ state: 'ended', until_at: until, updated_at: now }).where('event_id', '=', s.event_id).execute();
    // A series that has not begun is deleted: an UNTIL before its first start would still leave
    // that first occurrence (DTSTART always counts as one).
    if (ahead.length === sessions.length) emit({ key: `pod/${podId}/series/${s.part}/cancel`, kind: 'google.series.cancel', payload: { podId, calendarId: s.organizer, eventId: s.event_id } });
    else emit({ key: `pod/${podId}/series/${s.part}/end`, kind: 'google.series.end', payload: { podId, calendarId: s.organizer, eventId: s.event_id, until: until.toISOString() } });
    ended++;
  }
  await trx.updateTable('pod_session').set({ status: 'cancelled', updated_at: now }).where('pod_id', '=', podId).where('status', '=', 'scheduled').where('starts_at', '>=', until).execute();
  if (ended) await trx.updateTable('pod').set({ calendar_state: 'ended' }).where('id', '=', podId).execute();
  return ended;
}
