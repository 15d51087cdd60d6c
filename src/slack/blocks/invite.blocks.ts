import type { KnownBlock } from '@slack/types';
import { DateTime } from 'luxon';
import type { InviteStatus } from '../../waves/wave.table.ts';
import { actions, button, context, escape, section } from './common.ts';
import { dayText, localText } from './time.ts';

/** Everything an invite message shows; built by the waves services, rendered here. */
export interface InviteMessage {
  inviteId: string;
  programmeName: string;
  podName: string;
  others: { name: string; team: string }[];
  cadenceWeeks: number;
  sessionCount: number;
  sessionMinutes: number;
  startWeek: string;
  deadline: Date;
  /** The invitee's IANA zone: the deadline is shown in their own time. */
  timezone?: string;
  /** When the pod would meet, in the invitee's zone: "Tuesdays 09:30–10:30, 6 sessions from 12 Jan". */
  slot?: string;
  status: InviteStatus;
  declineKind?: 'decline' | 'not_this_time' | null;
  /** Why an invite was withdrawn or how an expiry ended, in a sentence. */
  note?: string;
  accepted: number;
  size: number;
  minSize: number;
  /** The invitee's own team (and department when it says more): why they were asked. */
  team?: string;
  department?: string | null;
  /** Who runs the programme and launched this wave: the person to ask. */
  leadName?: string;
  /**
   * Once invites close, what came of an accepted invite: the pod goes ahead, or the deadline moved
   * its reader into this pod from one that fell short. The DM then offers nothing to answer.
   */
  outcome?: InviteOutcome;
}

export type InviteOutcome = { kind: 'goes-ahead' } | { kind: 'moved'; fromPod: string; accepted: number; minSize: number };

export const INVITE_ACTIONS = { accept: 'invite_accept', decline: 'invite_decline', notThisTime: 'invite_not_this_time' } as const;

/**
 * A deadline as the reader's clock shows it, e.g. "Fri 13 Mar, 18:00 your time" (the cutoff is a
 * UTC hour, so the date alone can be a day off); UTC when their zone is unknown.
 */
export function deadlineText(d: Date, timezone?: string): string {
  const local = timezone ? DateTime.fromJSDate(d, { zone: timezone }) : undefined;
  if (local?.isValid) return `${local.toFormat('ccc d LLL, HH:mm')} your time`;
  return `${DateTime.fromJSDate(d, { zone: 'utc' }).toFormat('ccc d LLL, HH:mm')} UTC`;
}


export function cadenceText(weeks: number, count: number, minutes: number): string {
  const every = weeks === 1 ? 'weekly' : `every ${weeks} weeks`;
  return `${minutes} minutes, ${every}, ${count} session${count === 1 ? '' : 's'}`;
}

export function progressText(accepted: number, size: number, minSize: number): string {
  const base = `${accepted} of ${size} accepted`;
  return accepted >= minSize ? `${base}: the pod will go ahead` : `${base} (the pod needs ${minSize})`;
}

/** Longest name or label shown in an invite: long enough to recognise, short enough that 8 fit. */
const NAME_MAX = 80;
const clip = (text: string, max = NAME_MAX) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Why this person was asked, in a sentence: their team is in the wave, and pods mix teams (said
 * honestly when someone else in the pod is from their team too).
 */
export function whyText(m: Pick<InviteMessage, 'team' | 'department' | 'others'>): string {
  const mine = m.team && m.team !== 'No team' ? m.team : undefined;
  const dept = m.department && m.department !== mine ? m.department : undefined;
  const yours = mine ? `your team, *${escape(clip(mine))}*${dept ? ` (${escape(clip(dept))})` : ''}, is part of this wave` : 'you are on the programme\'s roster';
  const otherTeams = [...new Set(m.others.map((o) => o.team).filter((t) => t && t !== mine))];
  const sameTeam = mine ? m.others.filter((o) => o.team === mine).length : 0;
  const mix = otherTeams.length === 0
    ? 'pods mix people from different teams'
    : `pods mix teams: the others are from ${otherTeams.slice(0, 6).map((t) => escape(clip(t, 40))).join(', ')}${otherTeams.length > 6 ? ` and ${otherTeams.length - 6} more teams` : ''}`;
  const caveat = sameTeam ? ` (${sameTeam} of them from your team too: nobody else fitted the time zones and sizes)` : '';
  return `*Why you:* ${yours}, and ${mix}${caveat}, so you meet people you would not meet at work otherwise.`;
}

/** What stays private, said before anyone accepts. */
export const CONFIDENTIAL_TEXT =
  '*What stays in the pod:* what members share is confidential to the pod. The programme lead and HR see who ' +
  'took part and attendance, never what is said; retro answers reach the lead only if you agree, and HR only ' +
  'sees totals of 5 or more people. A note you add when declining goes to the programme lead.';

/** The DM a person gets: who else, the rhythm, why, and the three answers. Updated in place after. */
export function inviteBlocks(m: InviteMessage): { text: string; blocks: KnownBlock[] } {
  const who = m.others.length
    ? m.others.map((o) => `• ${escape(clip(o.name))} (${escape(clip(o.team, 40))})`).join('\n')
    : '• (the others are being confirmed)';
  const programme = escape(clip(m.programmeName, 150));
  const intro = section(
    `*You're invited to a peer pod* in _${programme}_.\n` +
      `A pod is a small group from different teams who meet to support each other: each session one of you ` +
      `hosts, everyone brings something they are working through, and the others listen and help. It's a ` +
      `time-limited commitment, so there is a natural moment to stop or continue.`,
  );
  const details = section(
    `*${escape(clip(m.podName))}* with:\n${who}\n\n*Rhythm:* ${cadenceText(m.cadenceWeeks, m.sessionCount, m.sessionMinutes)}\n` +
      (m.slot ? `*When:* ${escape(clip(m.slot, 300))} (your time)\n` : '*When:* a weekly slot inside everyone\'s working hours, set once the pod is confirmed\n') +
      `*Starts:* week of ${dayText(m.startWeek)} · ${m.outcome ? '*Invites closed:*' : '*Answer by:*'} ${deadlineText(m.deadline, m.timezone)}`,
  );
  const about = section(`${whyText(m)}\n${CONFIDENTIAL_TEXT}` +
    (m.leadName ? `\n*Programme lead:* ${escape(clip(m.leadName))}, who launched this wave: ask them anything about it.` : ''));
  const progress = context(progressText(m.accepted, m.size, m.minSize));
  const blocks: KnownBlock[] = m.status === 'pending' || m.status === 'accepted' ? [intro, details, about] : [intro, details];
  let text: string;
  switch (m.status) {
    case 'pending':
      text = `You're invited to a peer pod (${clip(m.programmeName, 150)}), ${m.slot ? `${m.slot} your time` : `starting the week of ${dayText(m.startWeek)}`}. Accept or decline by ${deadlineText(m.deadline, m.timezone)}.`;
      blocks.push(progress, actions(`invite_${m.inviteId}`, [
        button('Accept', INVITE_ACTIONS.accept, m.inviteId, 'primary'),
        button('Not this time', INVITE_ACTIONS.notThisTime, m.inviteId),
        button('Decline with a note…', INVITE_ACTIONS.decline, m.inviteId),
      ]));
      break;
    case 'accepted':
      if (m.outcome) {
        const closed = closedBlocks(m, m.outcome);
        text = closed.text;
        blocks.push(closed.block);
        break;
      }
      text = `You accepted: ${progressText(m.accepted, m.size, m.minSize)}.`;
      blocks.push(
        section(`:white_check_mark: *You accepted.* We'll open the pod's group chat once invites close (${deadlineText(m.deadline, m.timezone)}). Until then you can still change your mind.`),
        progress,
        actions(`invite_${m.inviteId}`, [button('Change to decline…', INVITE_ACTIONS.decline, m.inviteId)]),
      );
      break;
    case 'declined':
      text = m.declineKind === 'not_this_time' ? 'Not this time: noted.' : 'You declined: noted.';
      blocks.push(section(m.declineKind === 'not_this_time'
        ? ':wave: *Not this time: noted.* You stay in the programme and may be invited to a later wave.'
        : ":wave: *You declined.* Thanks for letting us know; someone else will be offered your place. You stay in the programme and may be invited to a later wave (pause or leave from the app's Home tab if you'd rather not be)."));
      break;
    case 'expired':
      text = 'This invite has closed.';
      blocks.push(section(`:hourglass: *This invite closed* on ${localText(m.deadline, m.timezone, 'day')} without an answer. ${escape(m.note ?? 'You may be invited to a later wave.')}`));
      break;
    case 'withdrawn':
      text = 'This invite was withdrawn.';
      blocks.push(section(`:no_entry_sign: *This invite was withdrawn.* ${escape(m.note ?? '')}`));
      break;
  }
  return { text, blocks };
}

/**
 * An accepted invite once invites have closed: which pod its reader is in (the one named above)
 * and what comes next; no buttons, as nothing about it can be answered any more.
 */
function closedBlocks(m: InviteMessage, o: InviteOutcome): { text: string; block: KnownBlock } {
  const pod = clip(m.podName);
  const next = "The pod's group chat opens inside everyone's working hours and says who hosts first. If you can no longer take part, pause or leave from the app's Home tab.";
  if (o.kind === 'goes-ahead') {
    return { text: `Invites have closed: you're in ${pod}, which goes ahead.`, block: section(`:white_check_mark: *Invites have closed: you're in ${escape(pod)}, which goes ahead* with the people above. ${next}`) };
  }
  const why = `Only ${o.accepted} accepted ${clip(o.fromPod)} by the deadline (it needed ${o.minSize})`;
  return {
    text: `${why}, so you're in ${pod} instead.`,
    block: section(`:twisted_rightwards_arrows: *${escape(why)}, so you're in ${escape(pod)} instead*, with the people above. ${next}`),
  };
}

/** The one reminder after 48 h without an answer: it carries the same answers as the invite. */
export function reminderBlocks(m: { inviteId: string; programmeName: string; startWeek: string; deadline: Date; timezone?: string }): { text: string; blocks: KnownBlock[] } {
  const text = `Reminder: your peer pod invite (${m.programmeName}) is waiting for an answer by ${deadlineText(m.deadline, m.timezone)}.`;
  return {
    text,
    blocks: [
      section(`:bell: ${escape(text)} The pod starts the week of ${dayText(m.startWeek)}; the invite above says who is in it.`),
      actions(`reminder_${m.inviteId}`, [
        button('Accept', INVITE_ACTIONS.accept, m.inviteId, 'primary'),
        button('Not this time', INVITE_ACTIONS.notThisTime, m.inviteId),
        button('Decline with a note…', INVITE_ACTIONS.decline, m.inviteId),
      ]),
    ],
  };
}

/** The reminder once the invite is answered or closed: its buttons go, so nothing stale stays clickable. */
export function reminderClosedBlocks(m: { programmeName: string; status: InviteStatus }): { text: string; blocks: KnownBlock[] } {
  const what = m.status === 'accepted' ? 'You accepted' : m.status === 'declined' ? 'You answered' : m.status === 'expired' ? 'This invite closed' : 'This invite was withdrawn';
  const text = `${what}: see the invite above (${m.programmeName}).`;
  return { text, blocks: [context(`:bell: ${escape(text)}`)] };
}
