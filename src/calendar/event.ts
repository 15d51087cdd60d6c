import { DateTime } from 'luxon';
import { calendarEventId } from '../google/calendar.ts';
import type { PodSlot } from '../pods/pod.table.ts';

/**
 * What a pod's calendar series looks like in Google, built from the stored slot: pure, so the
 * intent written with the state change carries the complete request.
 */
export interface SeriesRequest {
  eventId: string;
  summary: string;
  description: string;
  /** Local wall time in `timeZone` (Google keeps that local time across the zone's DST changes). */
  start: { dateTime: string; timeZone: string };
  end: { dateTime: string; timeZone: string };
  recurrence: string[];
  attendees: string[];
  meetRequestId: string;
  /** The Meet link of the series this one continues (a split): reused, so the pod keeps its link. */
  meetUrl?: string;
  /** Occurrences moved off the rule: patched on their instance after the insert. */
  exceptions: { instanceId: string; start: string; end: string }[];
}

/** Deterministic event id per pod round and part (a reschedule starts part 1, 2, …). */
export function seriesEventId(podId: string, part: number): string {
  return calendarEventId(`peerpods/pod/${podId}/part/${part}`);
}

/** Google's id of one occurrence: `<series id>_<original start in UTC, basic format>`. */
export function instanceId(eventId: string, nominalStart: string | Date): string {
  const stamp = new Date(nominalStart).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  return `${eventId}_${stamp}`;
}

export function rrule(cadenceWeeks: number, count: number): string {
  return `RRULE:FREQ=WEEKLY;INTERVAL=${cadenceWeeks};COUNT=${count}`;
}

function wall(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone).toFormat("yyyy-LL-dd'T'HH:mm:ss");
}

export interface SeriesInput {
  podId: string;
  part: number;
  podName: string;
  programmeName: string;
  slot: PodSlot;
  /** Occurrences this series covers (all for part 0; the rest of the round after a reschedule). */
  occurrences: PodSlot['occurrences'];
  attendees: string[];
  /** Session guide lines, first to last; the description lists them. */
  guide: string;
  homeLink?: string;
  /** A split keeps the title and description the series was booked with. */
  summary?: string;
  description?: string;
  meetUrl?: string;
}

export function seriesRequest(input: SeriesInput): SeriesRequest {
  const { slot, occurrences } = input;
  const eventId = seriesEventId(input.podId, input.part);
  const first = occurrences[0]!;
  // The rule starts at the first occurrence's nominal time; a moved first occurrence is an exception too.
  const description = input.description ?? [
    `Your peer pod's sessions (${input.programmeName}). Each session one of you hosts: check in, share what you are working through, listen and help, check out.`,
    input.guide ? `\nSession guide:\n${input.guide}` : '',
    `\nWho hosts which session, reminders and the retro are in the peerpods app in Slack${input.homeLink ? `: ${input.homeLink}` : ' (Apps → peerpods → Home)'}.`,
  ].join('');
  const end = new Date(Date.parse(first.nominal) + slot.sessionMinutes * 60_000).toISOString();
  return {
    eventId,
    summary: input.summary ?? `${input.podName} · peer pod`,
    description,
    start: { dateTime: wall(first.nominal, slot.zone), timeZone: slot.zone },
    end: { dateTime: wall(end, slot.zone), timeZone: slot.zone },
    recurrence: [rrule(slot.cadenceWeeks, occurrences.length)],
    attendees: input.attendees,
    meetRequestId: `${eventId}-meet`,
    ...(input.meetUrl ? { meetUrl: input.meetUrl } : {}),
    exceptions: occurrences.filter((o) => o.moved).map((o) => ({ instanceId: instanceId(eventId, o.nominal), start: o.start, end: o.end })),
  };
}
