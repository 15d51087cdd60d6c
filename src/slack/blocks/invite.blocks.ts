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
}

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

/** The DM a person gets: who else, the rhythm, why, and the three answers. Updated in place after. */
export function inviteBlocks(m: InviteMessage): { text: string; blocks: KnownBlock[] } {
  const who = m.others.length
    ? m.others.map((o) => `• ${escape(o.name)} (${escape(o.team)})`).join('\n')
    : '• (the others are being confirmed)';
  const intro = section(
    `*You're invited to a peer pod* in _${escape(m.programmeName)}_.\n` +
      `A pod is a small group from different teams who meet to support each other: each session one of you ` +
      `hosts, everyone brings something they are working through, and the others listen and help. It's a ` +
      `time-limited commitment, so there is a natural moment to stop or continue.`,
  );
  const details = section(
    `*${escape(m.podName)}* with:\n${who}\n\n*Rhythm:* ${cadenceText(m.cadenceWeeks, m.sessionCount, m.sessionMinutes)}\n` +
      (m.slot ? `*When:* ${escape(m.slot)} (your time)\n` : '') +
      `*Starts:* week of ${dayText(m.startWeek)} · *Answer by:* ${deadlineText(m.deadline, m.timezone)}`,
  );
  const progress = context(progressText(m.accepted, m.size, m.minSize));
  const blocks: KnownBlock[] = [intro, details];
  let text: string;
  switch (m.status) {
    case 'pending':
      text = `You're invited to a peer pod (${m.programmeName}), ${m.slot ? `${m.slot} your time` : `starting the week of ${dayText(m.startWeek)}`}. Accept or decline by ${deadlineText(m.deadline, m.timezone)}.`;
      blocks.push(progress, actions(`invite_${m.inviteId}`, [
        button('Accept', INVITE_ACTIONS.accept, m.inviteId, 'primary'),
        button('Not this time', INVITE_ACTIONS.notThisTime, m.inviteId),
        button('Decline with a note…', INVITE_ACTIONS.decline, m.inviteId),
      ]));
      break;
    case 'accepted':
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
