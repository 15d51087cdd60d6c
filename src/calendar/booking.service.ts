import type { Config } from '../config.ts';
import type { Executor } from '../db.ts';
import { SANDBOX_ADMIN } from '../google/auth.ts';
import type { Intent } from '../outbox/effects.ts';
import type { PodSlot } from '../pods/pod.table.ts';
import { instanceId, seriesRequest } from './event.ts';

/** Whether and where pods are booked: a deployment setting, overridable per programme (organiser). */
export interface CalendarSettings {
  enabled: boolean;
  /** The domain-wide delegation subject whose calendar holds pod events, unless the programme names one. */
  organizer: string;
  /** A link back to the app's home tab, for the event description. */
  homeLink?: string;
}

/** From the deployment's config; a caller without one (a bare service call) books nothing. */
export function calendarSettingsOf(config: Partial<Pick<Config, 'CALENDAR_BOOKING' | 'GOOGLE_CALENDAR_ORGANIZER' | 'GOOGLE_ADMIN_EMAIL' | 'SLACK_APP_ID'>>): CalendarSettings {
  return {
    enabled: config.CALENDAR_BOOKING ?? false,
    organizer: (config.GOOGLE_CALENDAR_ORGANIZER ?? config.GOOGLE_ADMIN_EMAIL ?? SANDBOX_ADMIN).toLowerCase(),
    ...(config.SLACK_APP_ID ? { homeLink: `https://slack.com/app_redirect?app=${config.SLACK_APP_ID}&tab=home` } : {}),
  };
}

export interface SeriesBooking {
  podId: string;
  podName: string;
  programmeName: string;
  guide: string;
  /** The programme's organiser, if it names one; else the deployment's. */
  organizer: string | null;
  slot: PodSlot;
  /** The occurrences this series covers, in order. */
  occurrences: PodSlot['occurrences'];
  part: number;
  memberIds: readonly string[];
  /** A split (membership change, reschedule) keeps the series' title, description and Meet link. */
  summary?: string;
  description?: string;
  meetUrl?: string;
}

/**
 * Who a pod's series invites: its members minus anyone paused (a pause takes them off the
 * occurrences until it ends; they stay in the pod and its group DM) and minus the organiser,
 * whose calendar holds the event. Lower case, so lists compare as written.
 */
export function attendeeEmails(members: readonly { email: string; status: string }[], organizer: string): string[] {
  return members.filter((m) => m.status !== 'paused' && m.status !== 'left').map((m) => m.email.toLowerCase()).filter((e) => e !== organizer);
}

/**
 * Writes the intent to book one series (in the caller's transaction, beside the state change that
 * calls for it): the series row, the sessions' calendar ids (deterministic, known before Google
 * answers), the pod's calendar state, and the `google.series.insert` effect.
 */
export async function bookSeries(trx: Executor, emit: (intent: Intent) => void, settings: CalendarSettings, booking: SeriesBooking, now: Date): Promise<string> {
  const people = await trx.selectFrom('person').select(['id', 'email', 'slack_user_id', 'status']).where('id', 'in', [...booking.memberIds]).execute();
  const byId = new Map(people.map((p) => [p.id, p]));
  const members = booking.memberIds.map((id) => byId.get(id)).filter((p) => p !== undefined);
  const organizer = (booking.organizer ?? settings.organizer).toLowerCase();
  const attendees = attendeeEmails(members, organizer);
  const request = seriesRequest({
    podId: booking.podId, part: booking.part, podName: booking.podName, programmeName: booking.programmeName, slot: booking.slot,
    occurrences: booking.occurrences, attendees, guide: booking.guide,
    ...(settings.homeLink ? { homeLink: settings.homeLink } : {}),
    ...(booking.summary ? { summary: booking.summary } : {}), ...(booking.description ? { description: booking.description } : {}),
    ...(booking.meetUrl ? { meetUrl: booking.meetUrl } : {}),
  });
  const first = booking.occurrences[0]!;
  await trx.insertInto('calendar_series').values({
    event_id: request.eventId, pod_id: booking.podId, part: booking.part, organizer, zone: booking.slot.zone,
    from_index: first.index, count: booking.occurrences.length, starts_at: new Date(first.start), attendees, created_at: now, updated_at: now,
  }).onConflict((oc) => oc.column('event_id').doNothing()).execute();
  for (const o of booking.occurrences) {
    await trx.updateTable('pod_session').set({ calendar_event_id: request.eventId, calendar_instance_id: instanceId(request.eventId, o.nominal), updated_at: now })
      .where('pod_id', '=', booking.podId).where('index', '=', o.index).execute();
  }
  await trx.updateTable('pod').set({ calendar_state: 'pending', calendar_event_id: request.eventId }).where('id', '=', booking.podId).execute();
  const { eventId, exceptions, ...event } = request;
  emit({
    key: `pod/${booking.podId}/series/${booking.part}/insert`, kind: 'google.series.insert',
    payload: {
      podId: booking.podId, part: booking.part, calendarId: organizer,
      event: { eventId, ...event, exceptions },
      users: members.map((m) => m.slack_user_id).filter((u): u is string => !!u),
    },
  });
  return eventId;
}
