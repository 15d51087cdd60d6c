import { DateTime } from 'luxon';
import type { Config } from '../config.ts';
import { rescheduleOptions } from '../core/slots/index.ts';
import type { Db } from '../db.ts';
import type { GoogleConnection } from '../google/auth.ts';
import type { Intent } from '../outbox/effects.ts';
import { withOutbox } from '../outbox/outbox.service.ts';
import type { Clock } from '../platform/clock.ts';
import type { PodSlot } from '../pods/pod.table.ts';
import { podSlotOf, slotRequestFor } from '../pods/slot.service.ts';
import type { Enqueue } from '../queue/enqueue.ts';
import { jobId } from '../queue/job-id.ts';
import type { Queues } from '../queues.ts';
import { rescheduleOptionsMessage, type OfferedSlot } from '../slack/blocks/reschedule.blocks.ts';
import { asPayload, loadWaveContext } from '../waves/invite-messages.ts';
import { calendarSettingsOf } from './booking.service.ts';
import { membersWithBusy } from './free-busy.service.ts';
import { currentMembers, MOVABLE_POD, sessionsAhead, type CurrentMember } from './reschedule.repository.ts';

export interface OfferDeps {
  db: Db;
  clock: Clock;
  enqueue: Enqueue<Queues>;
  config?: Partial<Pick<Config, 'CALENDAR_BOOKING' | 'GOOGLE_CALENDAR_ORGANIZER' | 'GOOGLE_ADMIN_EMAIL' | 'SLACK_APP_ID'>>;
  google?: GoogleConnection;
}

const HOUR = 3_600_000;
/** An option starts at least this far ahead, so people can see it before it begins. */
const LEAD_TIME_MS = 2 * HOUR;
/** …and at least this long after the last session that keeps its time, so sessions stay about a cadence apart. */
const AFTER_KEPT_MS = 4 * 24 * HOUR;

export const optionsKey = (podId: string, offerId: string) => `pod/${podId}/reschedule/${offerId}/options`;

/** What a message shows of a slot: the first session, its end, how many, the cadence, clashes. */
export function offeredSlotOf(slot: PodSlot): OfferedSlot {
  const first = slot.occurrences[0]!;
  return { first: new Date(first.start), end: new Date(first.end), count: slot.occurrences.length, cadenceWeeks: slot.cadenceWeeks, conflicts: slot.conflicts };
}

/** The pod's group DM: its channel once known, else the group of its members. */
export function toPod(podChannel: string | null, members: readonly Pick<CurrentMember, 'slackUserId'>[], key: string, message: { text: string; blocks?: unknown[] }): Intent | undefined {
  const payload = { text: message.text, ...(message.blocks ? { blocks: message.blocks as Record<string, unknown>[] } : {}) };
  if (podChannel) return { key, kind: 'slack.message', payload: { channel: podChannel, ...payload } };
  const users = members.flatMap((m) => (m.slackUserId ? [m.slackUserId] : []));
  return users.length >= 2 ? { key, kind: 'slack.group_message', payload: { users, ...payload } } : undefined;
}

/**
 * The job behind "Find a new time": free/busy for the members over the rest of the commitment
 * (when a calendar is connected), the three best weekly slots for the sessions left (pure slot
 * finding, from now on), stored on the offer and posted in the pod's group DM as buttons.
 * Idempotent: an offer already answered is left alone; the message has a deterministic key.
 */
export async function offerNewTimes(deps: OfferDeps, offerId: string): Promise<{ options: number } | { skipped: string }> {
  const offer = await deps.db.selectFrom('reschedule_offer').selectAll().where('id', '=', offerId).executeTakeFirst();
  if (!offer || offer.state !== 'requested') return { skipped: 'not requested' };
  const pod = await deps.db.selectFrom('pod').selectAll().where('id', '=', offer.pod_id).executeTakeFirstOrThrow();
  const now = deps.clock.now();
  const ahead = await sessionsAhead(deps.db, pod.id, now);
  const members = await currentMembers(deps.db, pod.id);
  let options: PodSlot[] = [];
  if ((MOVABLE_POD as readonly string[]).includes(pod.status) && pod.reschedules === offer.base && ahead.length > 0 && pod.slot) {
    const ctx = await loadWaveContext(deps.db, pod.wave_id);
    const settings = calendarSettingsOf(deps.config ?? {});
    const kept = await deps.db.selectFrom('pod_session').select('starts_at').where('pod_id', '=', pod.id).where('status', '<>', 'cancelled')
      .where('index', '<', ahead[0]!.index).orderBy('index', 'desc').executeTakeFirst();
    const notBefore = new Date(Math.max(now.getTime() + LEAD_TIME_MS, kept ? kept.starts_at.getTime() + AFTER_KEPT_MS : 0));
    // Free/busy over the weeks the remaining sessions can fall in (Google reads up to 90 days).
    const until = DateTime.fromJSDate(notBefore).plus({ weeks: ahead.length * pod.slot.cadenceWeeks + 1 }).toJSDate();
    const busy = settings.enabled && deps.google
      ? await membersWithBusy(deps.google, ctx.programme.calendar_organizer ?? settings.organizer, members.map((m) => ({ id: m.id, email: m.email, zone: m.zone })), notBefore, until)
      : undefined;
    const slotMembers = members.map((m) => busy?.members.get(m.id) ?? { id: m.id, zone: m.zone });
    const monday = DateTime.fromJSDate(notBefore, { zone: 'utc' }).startOf('week').toISODate()!;
    const req = slotRequestFor({
      programme: ctx.programme, startWeek: monday,
      settings: { cadenceWeeks: pod.slot.cadenceWeeks, sessionCount: ahead.length, sessionMinutes: pod.slot.sessionMinutes },
    }, slotMembers, notBefore);
    const plans = rescheduleOptions(req, ahead[0]!.index, { zone: pod.slot.zone, weekday: pod.slot.weekday, startMinute: pod.slot.startMinute });
    options = plans.map((plan) => podSlotOf(plan, slotMembers, busy?.read ?? false));
  }
  const requester = members.find((m) => m.id === offer.requested_by);
  return withOutbox(deps, async (trx, emit) => {
    const updated = await trx.updateTable('reschedule_offer')
      .set({ state: 'offered', from_index: ahead[0]?.index ?? 0, options: JSON.stringify(options) as unknown as PodSlot[], offered_at: now })
      .where('id', '=', offerId).where('state', '=', 'requested').executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return { skipped: 'answered meanwhile' };
    const intent = toPod(pod.slack_channel_id, members, optionsKey(pod.id, offerId), asPayload(rescheduleOptionsMessage({
      podName: pod.name, requestedBy: requester?.slackUserId ?? null, offerId, fromSession: ahead[0]?.index ?? 0,
      options: options.map(offeredSlotOf), zone: pod.recurrence_zone ?? 'UTC',
    })));
    if (intent) emit(intent);
    return { options: options.length };
  });
}

/** Reconciler entry: a request whose job was lost (Redis flush, crash after commit) is queued again. */
export async function scheduleRequestedOffers(deps: { db: Db; enqueue: Enqueue<Queues> }): Promise<number> {
  const rows = await deps.db.selectFrom('reschedule_offer').select('id').where('state', '=', 'requested').orderBy('created_at').limit(500).execute();
  for (const row of rows) await deps.enqueue('reschedule-offer', { offerId: row.id }, { jobId: jobId('reschedule-offer', row.id) });
  return rows.length;
}
