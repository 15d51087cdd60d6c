import { createHash } from 'node:crypto';
import type { Executor } from '../db.ts';
import type { Intent } from '../outbox/effects.ts';

/** The pod's live series (booking asked for or done), newest part first. */
async function liveSeries(db: Executor, podId: string) {
  return db.selectFrom('calendar_series').selectAll().where('pod_id', '=', podId).where('state', 'in', ['pending', 'booked']).orderBy('part', 'desc').execute();
}

/**
 * After a member leaves or pauses (or a backfill joins), the pod's live series invite exactly its
 * current members: nobody keeps invitations to a pod they left. The key names the member set, so
 * each change is one effect and a repeat of the same change is none.
 */
export async function syncSeriesAttendees(trx: Executor, emit: (intent: Intent) => void, podId: string): Promise<number> {
  const series = await liveSeries(trx, podId);
  if (series.length === 0) return 0;
  const members = await trx.selectFrom('pod_member').innerJoin('person', 'person.id', 'pod_member.person_id')
    .select(['person.id', 'person.email']).where('pod_member.pod_id', '=', podId).where('pod_member.left_at', 'is', null).orderBy('person.id').execute();
  const tag = createHash('sha1').update(members.map((m) => m.id).join(',')).digest('hex').slice(0, 12);
  for (const s of series) {
    emit({
      key: `pod/${podId}/series/${s.part}/attendees/${tag}`, kind: 'google.series.attendees',
      payload: { podId, calendarId: s.organizer, eventId: s.event_id, attendees: members.map((m) => m.email).filter((e) => e !== s.organizer) },
    });
  }
  return series.length;
}

/**
 * Ends a pod's calendar series early (the pod closed before its last session): the series stops
 * before `until` with RRULE UNTIL, so later occurrences disappear from everyone's calendar, and
 * sessions after it are cancelled. For retro's early close; idempotent per series.
 */
export async function endPodSeries(trx: Executor, emit: (intent: Intent) => void, podId: string, until: Date, now: Date): Promise<number> {
  const series = await liveSeries(trx, podId);
  for (const s of series) {
    emit({ key: `pod/${podId}/series/${s.part}/end`, kind: 'google.series.end', payload: { podId, calendarId: s.organizer, eventId: s.event_id, until: until.toISOString() } });
  }
  await trx.updateTable('pod_session').set({ status: 'cancelled', updated_at: now }).where('pod_id', '=', podId).where('status', '=', 'scheduled').where('starts_at', '>=', until).execute();
  if (series.length) await trx.updateTable('pod').set({ calendar_state: 'ended' }).where('id', '=', podId).execute();
  return series.length;
}
