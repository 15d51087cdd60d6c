import type { KnownBlock, ModalView } from '@slack/types';
import { DateTime } from 'luxon';
import { actions, button, context, escape, header, section } from './common.ts';
import { dateInput, modal } from './modal.ts';
import { rescheduleActions } from './reschedule.blocks.ts';

/**
 * The messages of a pod's weekly beat: each builder is the one place where that message's text,
 * fallback `text` and blocks are made. Times are Slack date tokens, so every reader sees their
 * own zone; the fallback (notifications, old clients) names the zone it uses.
 */
export const RHYTHM_ACTIONS = {
  swap: 'rhythm_swap', skip: 'rhythm_skip', met: 'rhythm_met', skipped: 'rhythm_skipped', moved: 'rhythm_moved_open',
  attendance: 'rhythm_attendance', digestHome: 'rhythm_digest_home',
} as const;
export const MOVED_CALLBACK = 'rhythm_moved';

export interface Who {
  name: string;
  slackUserId: string | null;
}

export interface SessionFacts {
  sessionId: string;
  podName: string;
  programmeName: string;
  /** 0-based; shown as "session 3 of 6". */
  index: number;
  count: number;
  startsAt: Date;
  endsAt: Date;
  practice: string;
  meetUrl?: string | null;
  facilitator: Who;
}

type Message = { text: string; blocks: KnownBlock[] };

export const mention = (p: Who) => (p.slackUserId ? `<@${p.slackUserId}>` : escape(p.name));

/** `<!date^…>`: Slack renders it in the reader's zone; the fallback is UTC, or the zone given. */
export function when(at: Date, format = '{date_short_pretty} {time}', fallbackZone = 'UTC'): string {
  const local = DateTime.fromJSDate(at, { zone: fallbackZone });
  const fallback = `${(local.isValid ? local : DateTime.fromJSDate(at, { zone: 'utc' })).toFormat('ccc d LLL HH:mm')} ${local.isValid ? fallbackZone : 'UTC'}`;
  return `<!date^${Math.floor(at.getTime() / 1000)}^${format}|${fallback}>`;
}

/** Plain text for notifications, where tokens do not render: the reader's own zone. */
export function plainTime(at: Date, zone: string): string {
  const local = DateTime.fromJSDate(at, { zone });
  return local.isValid ? local.toFormat('ccc d LLL HH:mm') : DateTime.fromJSDate(at, { zone: 'utc' }).toFormat("ccc d LLL HH:mm 'UTC'");
}

const nth = (f: { index: number; count: number }) => `session ${f.index + 1} of ${f.count}`;
const meet = (url?: string | null) => (url ? `<${url}|Join the Google Meet>` : 'No video link yet: use the calendar invite or agree one in the group chat.');
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The working day before: it is your turn, here is the practice; swap or skip. */
export function promptMessage(f: SessionFacts, readerZone: string, handedOverBy?: Who): Message {
  const lead = handedOverBy ? `${escape(handedOverBy.name)} handed their turn to you: you` : 'You';
  const text = `${handedOverBy ? `${handedOverBy.name} handed you their turn: you` : 'You'} facilitate ${f.podName} ${nth(f)} on ${plainTime(f.startsAt, readerZone)}.`;
  return {
    text: clip(text, 3000),
    blocks: [
      section(`:wave: ${lead} facilitate *${escape(f.podName)}*, ${nth(f)}, ${when(f.startsAt, '{date_long_pretty} at {time}', readerZone)}.`),
      section(`*This session's practice*\n${escape(clip(f.practice, 2800))}`),
      section(`*As facilitator:* keep time, open with a check-in round, hold the practice, close with a one-word check-out.\n${meet(f.meetUrl)}`),
      actions(`rhythm_prompt:${f.sessionId}`, [
        { ...button('Swap my turn', RHYTHM_ACTIONS.swap, f.sessionId), confirm: confirm('Hand this turn on?', 'The next member in the rotation facilitates this session instead, and is told.', 'Swap') },
        { ...button("We'll skip this week", RHYTHM_ACTIONS.skip, f.sessionId), confirm: confirm('Skip this session?', 'The pod is told there is no session this week.', 'Skip it') },
      ]),
      context(`${escape(f.programmeName)} · you get this the working day before each session you host.`),
    ],
  };
}

/**
 * To a facilitator who declined the calendar invitation for the session they host (the RSVP
 * job): the turn needs handing over, and "Swap my turn" (the prompt's own action, facilitator
 * only, checked server-side) hands it to the next member, who is told.
 */
export function hostDeclinedMessage(p: { sessionId: string; podName: string; index: number; count: number; startsAt: Date; zone: string }): Message {
  const which = `session ${p.index + 1} of ${p.count}`;
  return {
    text: clip(`You declined ${p.podName} ${which} (${plainTime(p.startsAt, p.zone)}), and it's your turn to facilitate. Hand it on?`, 3000),
    blocks: [
      section(`:arrows_counterclockwise: You declined the calendar invitation for *${escape(p.podName)}*, ${which}, ${when(p.startsAt, '{date_long_pretty} at {time}', p.zone)}, and it's your turn to facilitate. If you can't make it, *Swap my turn* hands the session to the next member in the rotation, who is told. If you'll be there after all, there is nothing to do.`),
      actions(`rhythm_host_declined:${p.sessionId}`, [
        { ...button('Swap my turn', RHYTHM_ACTIONS.swap, p.sessionId), confirm: confirm('Hand this turn on?', 'The next member in the rotation facilitates this session instead, and is told.', 'Swap') },
      ]),
    ],
  };
}

/** The prompt as it reads after its buttons were used (edited in place: no new notification). */
export function promptDoneMessage(f: SessionFacts, done: { swappedTo: Who } | { skipped: true }): Message {
  if ('skipped' in done) {
    const line = `You told the pod there is no ${f.podName} session this week (${nth(f)}).`;
    return { text: line, blocks: [section(`:white_check_mark: ${escape(line)}`)] };
  }
  return {
    text: `You handed ${nth(f)} of ${f.podName} to ${done.swappedTo.name}; they have been told.`,
    blocks: [section(`:white_check_mark: You handed ${nth(f)} of *${escape(f.podName)}* to ${mention(done.swappedTo)}; they have been told.`)],
  };
}

/** "We moved it…": the new date (the session keeps its time of day in the facilitator's zone). */
export function movedModal(f: Pick<SessionFacts, 'sessionId' | 'podName' | 'index' | 'count'>, initialDate: string): ModalView {
  return modal({
    callbackId: MOVED_CALLBACK, title: 'Moved session', submit: 'Save', privateMetadata: f.sessionId,
    blocks: [
      section(`When does *${escape(f.podName)}* ${nth(f)} happen instead? Same time of day; we'll remind the pod and check in after.`),
      dateInput('moved_date', 'New date', initialDate),
    ],
  });
}

/**
 * About an hour before, in the pod's group DM: when (each reader's zone), who hosts, the link,
 * and "Find a new time" (the reschedule action, whose handler checks the clicker is a member):
 * the hour before is when a pod finds out the time no longer works.
 */
export function reminderMessage(f: SessionFacts, members: (Who & { zone: string })[], podId: string): Message {
  const zones = members.map((m) => `${escape(m.name)} ${plainTime(f.startsAt, m.zone).slice(-5)}`).join(' · ');
  return {
    text: clip(`${f.podName} meets in about an hour (${nth(f)}), hosted by ${f.facilitator.name}.`, 3000),
    blocks: [
      section(`:alarm_clock: *${escape(f.podName)}* meets ${when(f.startsAt, 'at {time}')} your time (${nth(f)}). ${mention(f.facilitator)} facilitates.`),
      section(`*Practice:* ${escape(clip(f.practice, 2500))}\n${meet(f.meetUrl)}`),
      context(clip(`Local times: ${zones}`, 2000)),
      context("Time doesn't work for the pod any more? *Find a new time* offers three slots that suit everyone, from this session on."),
      rescheduleActions(podId),
    ],
  };
}

/** To the pod when the facilitator skipped ahead: replaces the reminder. */
export function skipNoticeMessage(f: SessionFacts, by: Who): Message {
  return {
    text: `No ${f.podName} session this week: ${by.name} let the pod know. See you next time.`,
    blocks: [section(`:calendar: No *${escape(f.podName)}* session this week (${nth(f)}, ${when(f.startsAt, '{date_short_pretty}')}): ${mention(by)} let the pod know. See you next time.`)],
  };
}

export type Answer = 'met' | 'skipped';

/** After the session, one tap for the facilitator; after the answer, optional attendance. */
export function checkInMessage(f: SessionFacts, state: { followUp?: boolean; answered?: Answer; attendees?: (Who & { personId: string; present: boolean })[] }, readerZone = 'UTC'): Message {
  const at = readerZone === 'UTC' ? `${plainTime(f.startsAt, 'UTC')} UTC` : plainTime(f.startsAt, readerZone);
  const ask = `${state.followUp ? 'A gentle nudge: ' : ''}How did ${f.podName} ${nth(f)} go (${at})?`;
  if (!state.answered) {
    return {
      text: ask,
      blocks: [
        section(`${state.followUp ? ':wave: A gentle nudge: ' : ':seedling: '}How did *${escape(f.podName)}* ${nth(f)} go, ${when(f.startsAt, '{date_short_pretty} at {time}', readerZone)}? One tap is enough.`),
        actions(`rhythm_checkin:${f.sessionId}`, [
          button('We met', RHYTHM_ACTIONS.met, f.sessionId, 'primary'),
          button('We skipped', RHYTHM_ACTIONS.skipped, f.sessionId),
          button('We moved it…', RHYTHM_ACTIONS.moved, f.sessionId),
        ]),
        context(state.followUp ? 'If nobody answers, this session counts as unknown.' : 'Only the pod and its programme leads see these counts.'),
      ],
    };
  }
  const done = state.answered === 'met' ? `Recorded: ${f.podName} met for ${nth(f)}. Thank you for hosting!` : `Recorded: ${f.podName} skipped ${nth(f)}.`;
  const blocks: KnownBlock[] = [section(`:white_check_mark: ${escape(done)}`)];
  const people = (state.attendees ?? []).slice(0, 10);
  if (state.answered === 'met' && people.length) {
    const options = people.map((p) => ({ text: { type: 'plain_text' as const, text: clip(p.name, 75) }, value: p.personId }));
    const initial = options.filter((_, i) => people[i]!.present);
    blocks.push({
      type: 'section', block_id: `rhythm_attendance:${f.sessionId}`, text: { type: 'mrkdwn', text: 'Who was there? (optional, untick anyone who missed it)' },
      accessory: { type: 'checkboxes', action_id: RHYTHM_ACTIONS.attendance, options, ...(initial.length ? { initial_options: initial } : {}) },
    } as KnownBlock);
  }
  return { text: done, blocks };
}

export interface Missed {
  outcome: 'skipped' | 'unknown';
  startsAt: Date;
}

/** "skipped <date>, no answer for <date>", dates in the reader's zone. */
export function missedText(missed: readonly Missed[]): string {
  return missed.map((m) => `${m.outcome === 'skipped' ? 'skipped' : 'no answer for'} ${when(m.startsAt, '{date_short}')}`).join(', ');
}

/**
 * Two sessions skipped or unknown in a row: a gentle note to the pod. "Change the time" is one
 * click away: Find a new time offers the pod three free slots (any member may press it).
 */
export function attentionMessage(p: { podId: string; podName: string; missed: readonly Missed[] }): Message {
  const text = `${p.podName} has missed two sessions in a row. Want to keep going, change the time, or pause? Any of those is fine.`;
  return {
    text,
    blocks: [
      section(`:herb: *${escape(p.podName)}* has missed two sessions in a row (${missedText(p.missed)}).\nWant to keep going, change the time, or pause for a while? Any of those is fine: say so here, and your programme lead can help. If the time is the problem, *Find a new time* offers the pod three slots that suit everyone.`),
      rescheduleActions(p.podId),
      context('Your programme lead sees that the pod missed two sessions, nothing more.'),
    ],
  };
}

export interface DigestFacts {
  weekOf: string;
  programmes: { name: string; podsMeeting: number; met: number; skipped: number; unknown: number; flagged: { podName: string; missed: Missed[] }[] }[];
  wavesInFlight: { name: string; status: string }[];
}

/** Monday morning, to each lead: how their programmes' pods did last week. */
export function digestMessage(d: DigestFacts): Message {
  const lines = d.programmes.map((p) => {
    const flags = p.flagged.slice(0, 5).map((f) => `${escape(f.podName)} (${missedText(f.missed)})`).join(', ');
    return clip(`*${escape(p.name)}*: ${p.podsMeeting} pods meeting · last week ${p.met} met, ${p.skipped} skipped, ${p.unknown} not answered` +
      (p.flagged.length ? `\n:warning: needs attention: ${flags}${p.flagged.length > 5 ? ` and ${p.flagged.length - 5} more` : ''}` : ''), 2900);
  });
  // Whole programmes per section (never cut mid-line), at most 40 sections; the rest is counted.
  const sections: string[] = [];
  let shown = 0;
  for (const line of lines) {
    const last = sections.at(-1);
    if (last !== undefined && last.length + line.length + 2 <= 3000) sections[sections.length - 1] = `${last}\n\n${line}`;
    else if (sections.length < 40) sections.push(line);
    else break;
    shown++;
  }
  if (shown < lines.length) sections.push(`…and ${lines.length - shown} more programmes: your home tab lists them all.`);
  const flagged = d.programmes.reduce((n, p) => n + p.flagged.length, 0);
  const waves = d.wavesInFlight.length ? d.wavesInFlight.slice(0, 10).map((w) => `${escape(w.name)} (${escape(w.status)})`).join(', ') + (d.wavesInFlight.length > 10 ? ` and ${d.wavesInFlight.length - 10} more` : '') : 'none';
  return {
    text: clip(`Your peer pods this week (${d.weekOf}): ${d.programmes.length} programme(s), ${flagged} pod(s) needing attention.`, 3000),
    blocks: [
      header(`Peer pods: week of ${d.weekOf}`),
      ...(sections.length ? sections.map((t) => section(t)) : [section('No programme has pods meeting yet.')]),
      section(clip(`*Waves in flight:* ${waves}`, 3000)),
      actions('rhythm_digest', [button('Open my home tab', RHYTHM_ACTIONS.digestHome, undefined, 'primary')]),
      context('Sent Monday mornings to programme leads. Counts only: what pods say stays in the pod.'),
    ],
  };
}

function confirm(title: string, text: string, yes: string) {
  return { title: { type: 'plain_text' as const, text: title }, text: { type: 'plain_text' as const, text }, confirm: { type: 'plain_text' as const, text: yes }, deny: { type: 'plain_text' as const, text: 'Cancel' } };
}
