import { slotText } from '../../core/slots/index.ts';
import { SANDBOX_ADMIN } from '../../google/auth.ts';
import type { Runtime } from '../../platform/runtime.ts';
import { occurrencesOf } from '../google/event-view.ts';
import { RESCHEDULE_ACTIONS } from '../../slack/blocks/reschedule.blocks.ts';
import { localText } from '../../slack/blocks/time.ts';
import type { ManualClock } from '../../platform/clock.ts';
import { advanceRhythm } from './rhythm-story.ts';
import { drain, until } from './wave-story.ts';

export interface CalendarFigures {
  series: number;
  occurrences: number;
  withMeet: number;
  /** Occurrence × attendee pairs outside that attendee's working hours (their zone, the programme's hours). */
  outsideWorkingHours: number;
  /** Occurrence × member clashes with free/busy when the slot was chosen (from our slot records). */
  conflicts: number;
  duplicates: number;
  /** One pod found a new time from its group DM (after the figures above were counted). */
  rescheduled?: RescheduleFigures;
}

export interface RescheduleFigures {
  pods: number;
  /** Its series in Google now: live (not deleted) events of that pod, and the occurrences they hold. */
  liveSeries: number;
  occurrences: number;
  duplicates: number;
}

/**
 * The calendar chapter: each confirmed pod's slot in every member's own time, then figures counted
 * from the Google emulator's store (the organiser's calendar), not from our database.
 */
export async function runCalendarStory(runtime: Runtime, clock: ManualClock, say: (line: string) => void): Promise<CalendarFigures> {
  const google = runtime.sandbox.google!;
  const pods = await runtime.db.selectFrom('pod').selectAll().where('status', 'in', ['scheduled', 'running', 'retro']).orderBy('name').execute();
  const people = await runtime.db.selectFrom('person').select(['id', 'email', 'name', 'timezone']).execute();
  const byEmail = new Map(people.map((p) => [p.email, p]));
  const byId = new Map(people.map((p) => [p.id, p]));
  const programme = await runtime.db.selectFrom('programme').selectAll().executeTakeFirst();
  const hours = { start: programme?.work_start_minute ?? 540, end: programme?.work_end_minute ?? 1020, days: programme?.work_days ?? [1, 2, 3, 4, 5] };
  say(`Calendar: ${pods.length} pods booked as recurring series on ${SANDBOX_ADMIN}'s calendar (the organiser), with Meet links`);
  for (const pod of pods.slice(0, 6)) {
    const occ = (pod.slot?.occurrences ?? []).map((o) => ({ start: Date.parse(o.start), end: Date.parse(o.end) }));
    const members = await runtime.db.selectFrom('pod_member').select('person_id').where('pod_id', '=', pod.id).where('left_at', 'is', null).orderBy('seat').execute();
    say(`  ${pod.name} (series in ${pod.recurrence_zone}):`);
    for (const m of members) {
      const p = byId.get(m.person_id)!;
      say(`    ${p.name.padEnd(22)} ${slotText(occ, p.timezone)} (${p.timezone})`);
    }
  }
  if (pods.length > 6) say(`  … and ${pods.length - 6} more pods`);

  const events = google.calendars.events(SANDBOX_ADMIN).filter((e) => e.status !== 'cancelled' && e.recurrence?.length);
  let occurrences = 0;
  let outside = 0;
  for (const event of events) {
    for (const o of occurrencesOf(event)) {
      occurrences++;
      for (const a of event.attendees ?? []) {
        const person = byEmail.get(a.email ?? '');
        if (!person) continue;
        const s = o.start.setZone(person.timezone);
        const e = o.end.setZone(person.timezone);
        const startMin = s.hour * 60 + s.minute;
        const endMin = e.hasSame(s, 'day') ? e.hour * 60 + e.minute : 1440 + e.hour * 60 + e.minute;
        if (!hours.days.includes(s.weekday) || startMin < hours.start || endMin > hours.end) outside++;
      }
    }
  }
  const figures: CalendarFigures = {
    series: events.length,
    occurrences,
    withMeet: events.filter((e) => e.hangoutLink).length,
    outsideWorkingHours: outside,
    conflicts: pods.reduce((n, p) => n + (p.slot?.conflicts ?? 0), 0),
    duplicates: google.duplicates().length,
  };
  figures.rescheduled = await rescheduleOnePod(runtime, clock, say);
  say(`  in Google: ${figures.series} series, ${figures.occurrences} occurrences, ${figures.withMeet} with Meet, ${figures.outsideWorkingHours} attendee-occurrences outside working hours, ${figures.duplicates} duplicates`);
  return figures;
}

/**
 * One pod finds a new time through Slack, as its members would: one presses "Find a new time" on
 * the welcome message, the options arrive in the group DM, another member picks the first. Before
 * the first session, so the old series is deleted and a new one booked with every session.
 */
async function rescheduleOnePod(runtime: Runtime, clock: ManualClock, say: (line: string) => void): Promise<RescheduleFigures | undefined> {
  const slack = runtime.sandbox.slack!;
  const google = runtime.sandbox.google!;
  const messagesWith = (channel: string, actionId: string) => slack.log.messages(channel).filter((m) => JSON.stringify(m.blocks ?? []).includes(`"${actionId}"`));
  // The last pod by name that has its welcome: the retro chapter makes the first pod the one that
  // wants to continue, and the two stories are easier to follow apart.
  const heard = async () => (await runtime.db.selectFrom('pod').selectAll().where('status', '=', 'scheduled').where('slack_channel_id', 'is not', null).orderBy('name', 'desc').execute())
    .find((p) => messagesWith(p.slack_channel_id!, RESCHEDULE_ACTIONS.request).length > 0);
  let pod = await heard();
  if (!pod) {
    // Intros wait for a moment inside every member's hours (a Friday-evening close is heard on
    // Monday): time runs, as in production, until the first pod has its welcome.
    const first = await runtime.db.selectFrom('nudge').select('send_at').where('kind', '=', 'pod_intro').where('state', '=', 'planned').orderBy('send_at').limit(1).executeTakeFirst();
    if (first?.send_at) await advanceRhythm(runtime, clock, first.send_at);
    pod = await heard();
  }
  if (!pod) return undefined;
  const members = await runtime.db.selectFrom('pod_member').innerJoin('person', 'person.id', 'pod_member.person_id')
    .select(['person.name', 'person.slack_user_id', 'person.timezone']).where('pod_id', '=', pod.id).where('left_at', 'is', null).orderBy('seat').execute();
  const channel = pod.slack_channel_id!;
  const withAction = (actionId: string) => messagesWith(channel, actionId).at(-1);
  const intro = withAction(RESCHEDULE_ACTIONS.request);
  if (!intro || members.length < 2) return undefined;
  await slack.driver.clickButton({ userId: members[1]!.slack_user_id!, actionId: RESCHEDULE_ACTIONS.request, message: { channel, ts: intro.ts } });
  await until(async () => !!withAction(RESCHEDULE_ACTIONS.pick), `new times for ${pod.name}`);
  const offer = await runtime.db.selectFrom('reschedule_offer').selectAll().where('pod_id', '=', pod.id).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  say(`  ${members[1]!.name} pressed "Find a new time" in ${pod.name}'s group DM: ${offer.options.length} options`);
  const options = withAction(RESCHEDULE_ACTIONS.pick)!;
  await slack.driver.clickButton({ userId: members[0]!.slack_user_id!, actionId: RESCHEDULE_ACTIONS.pick, value: `${offer.id}:0`, message: { channel, ts: options.ts } });
  await until(async () => (await runtime.db.selectFrom('pod').select('reschedules').where('id', '=', pod.id).executeTakeFirstOrThrow()).reschedules === 1, `${pod.name} to move`);
  await drain(runtime);
  const first = await runtime.db.selectFrom('pod_session').select('starts_at').where('pod_id', '=', pod.id).orderBy('index').executeTakeFirstOrThrow();
  say(`  ${members[0]!.name} chose option 1; ${pod.name} now starts ${members.map((m) => `${localText(first.starts_at, m.timezone)} (${m.name})`).join(', ')}`);
  const live = google.calendars.events(SANDBOX_ADMIN).filter((e) => e.status !== 'cancelled' && e.summary?.startsWith(`${pod.name} ·`));
  const figures = { pods: 1, liveSeries: live.length, occurrences: live.reduce((n, e) => n + occurrencesOf(e).length, 0), duplicates: google.duplicates().length };
  say(`  in Google: ${figures.liveSeries} live series for ${pod.name} with ${figures.occurrences} occurrences (the old one deleted), ${figures.duplicates} duplicates`);
  return figures;
}
