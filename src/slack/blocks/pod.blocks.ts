import type { KnownBlock } from '@slack/types';
import { cadenceText } from './invite.blocks.ts';
import { practiceFor } from '../../core/rhythm/guide.ts';
import { context, escape, header, section } from './common.ts';
import { rescheduleActions } from './reschedule.blocks.ts';

export interface PodIntro {
  podName: string;
  programmeName: string;
  /** `localStart`: the slot in this member's own zone, e.g. "Tuesdays 09:30–10:30, 6 sessions from 12 Jan". */
  members: { name: string; team: string; slackUserId: string | null; localStart?: string }[];
  /** Seat order: the first facilitates session 1, then the rotation continues in this order. */
  facilitator: { name: string; slackUserId: string | null };
  cadenceWeeks: number;
  sessionCount: number;
  sessionMinutes: number;
  startWeek: string;
  guide: string;
  /** The first session: shown with Slack's date token, so each reader sees their own zone. */
  firstSession?: Date;
  /** Sentences about the booking the pod should know (clashes, unreadable calendars, moved sessions). */
  notes?: string[];
  /** A calendar series is being booked for the pod. */
  calendarFollows?: boolean;
  /** With the pod's id, the message carries "Find a new time" (any member may press it). */
  podId?: string;
}

/** Slack renders this in each reader's own zone; the fallback is UTC. */
export function dateToken(at: Date, format = '{date_long_pretty} at {time}'): string {
  const unix = Math.floor(at.getTime() / 1000);
  return `<!date^${unix}^${format}|${at.toISOString().slice(0, 16).replace('T', ' ')} UTC>`;
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

const mention = (p: { name: string; slackUserId: string | null }) => (p.slackUserId ? `<@${p.slackUserId}>` : escape(p.name));

/** The first message in a confirmed pod's group DM: who, the rhythm, who hosts first, session 1's practice. */
export function podIntroBlocks(p: PodIntro): { text: string; blocks: KnownBlock[] } {
  const teams = new Set(p.members.map((m) => m.team)).size;
  const spread = teams === p.members.length ? `${teams} different teams` : `${teams} teams`;
  const text = `Welcome to ${p.podName}! ${p.members.length} of you from ${spread}, starting the week of ${p.startWeek}.`;
  return {
    text,
    blocks: [
      header(`Welcome to ${p.podName}`),
      section(`${escape(text)}\n${p.members.map((m) => `• ${mention(m)} (${escape(m.team)}${m.localStart ? ` · ${escape(m.localStart)}` : ''})`).join('\n')}`),
      section(`*Rhythm:* ${cadenceText(p.cadenceWeeks, p.sessionCount, p.sessionMinutes)}, at the time shown beside each of you (your own zone, inside everyone's working hours).` +
        `${p.firstSession ? `\n*First session:* ${dateToken(p.firstSession)}` : ''}\n` +
        `*Facilitating session 1:* ${mention(p.facilitator)}; after that the role rotates so that everyone hosts once before anyone hosts twice.` +
        `${p.notes?.length ? `\n${p.notes.map((n) => `:information_source: ${escape(n)}`).join('\n')}` : ''}`),
      // Only the first session's practice: each later one reaches its facilitator the working day
      // before, the pod an hour before, and every member's home tab shows the next one.
      section(`*Session 1's practice*\n${escape(clip(practiceFor(p.guide, p.sessionCount, 0), 2500))}\n` +
        `_Each later session's practice comes with its reminder here an hour before (its facilitator gets it the working day before), and your peerpods home tab shows the next one._`),
      context(`${escape(p.programmeName)} · ${p.calendarFollows ? 'a calendar invitation for these sessions follows, with a Meet link.' : 'add the sessions to your calendar; the reminders here carry the time.'}`),
      ...(p.podId ? [rescheduleActions(p.podId)] : []),
    ],
  };
}

/** Told to someone whose pod fell below the minimum at the deadline. */
export function podOutcomeBlocks(o: { kind: 'moved' | 'new' | 'unplaced'; fromPod: string; toPod?: string; accepted: number; minSize: number; detail?: string }): { text: string; blocks: KnownBlock[] } {
  const why = `Only ${o.accepted} people accepted ${o.fromPod} by the deadline (it needed ${o.minSize}).`;
  const text = o.kind === 'moved'
    ? `${why} You've joined ${o.toPod} instead; its group chat opens now.`
    : o.kind === 'new'
      ? `${why} You and others in the same position form ${o.toPod}; its group chat opens now.`
      : `${why} We couldn't fit you into another pod this wave (${o.detail ?? 'no pod fits'}). You'll be first in line for the next wave.`;
  return { text, blocks: [section(`:arrows_counterclockwise: ${escape(text)}`)] };
}

/** Posted in a pod's group DM when a member leaves the programme mid-pod. */
export function memberLeftBlocks(p: { name: string; remaining: number; minSize: number }): { text: string; blocks: KnownBlock[] } {
  const text = `${p.name} has left the programme, so they won't join the pod's sessions any more.`;
  const short = p.remaining < p.minSize
    ? ` The pod is now ${p.remaining}, below its usual minimum of ${p.minSize}; your programme lead has been told and may suggest a way forward.`
    : ` The pod carries on with ${p.remaining}.`;
  return { text, blocks: [section(`:wave: ${escape(text)}${short}`)] };
}
