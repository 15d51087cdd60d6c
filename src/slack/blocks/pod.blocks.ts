import type { KnownBlock } from '@slack/types';
import { cadenceText } from './invite.blocks.ts';
import { context, escape, header, section } from './common.ts';

export interface PodIntro {
  podName: string;
  programmeName: string;
  /** `localStart`: when the slot falls in this member's own time zone, e.g. "Tue 09:30 (Europe/London)". */
  members: { name: string; team: string; slackUserId: string | null; localStart?: string }[];
  /** Seat order: the first facilitates session 1, then the rotation continues in this order. */
  facilitator: { name: string; slackUserId: string | null };
  cadenceWeeks: number;
  sessionCount: number;
  sessionMinutes: number;
  startWeek: string;
  guide: string;
  /** E.g. "Mon 14:00 UTC": the common window the matcher found. */
  windowLabel?: string;
}

const mention = (p: { name: string; slackUserId: string | null }) => (p.slackUserId ? `<@${p.slackUserId}>` : escape(p.name));

/** The first message in a confirmed pod's group DM: who, the rhythm, who hosts first, the guide. */
export function podIntroBlocks(p: PodIntro): { text: string; blocks: KnownBlock[] } {
  const teams = new Set(p.members.map((m) => m.team)).size;
  const spread = teams === p.members.length ? `${teams} different teams` : `${teams} teams`;
  const text = `Welcome to ${p.podName}! ${p.members.length} of you from ${spread}, starting the week of ${p.startWeek}.`;
  return {
    text,
    blocks: [
      header(`Welcome to ${p.podName}`),
      section(`${escape(text)}\n${p.members.map((m) => `• ${mention(m)} (${escape(m.team)}${m.localStart ? ` · ${escape(m.localStart)}` : ''})`).join('\n')}`),
      section(`*Rhythm:* ${cadenceText(p.cadenceWeeks, p.sessionCount, p.sessionMinutes)}${p.windowLabel ? ` · a slot that fits everyone's working hours, e.g. ${escape(p.windowLabel)}` : ''}.\n` +
        `*Facilitating session 1:* ${mention(p.facilitator)}; after that the role rotates through the pod in the order listed above.`),
      section(`*Guide for session 1*\n${escape(p.guide || 'Check in, agree how you want to be together, share what you are working through, check out.')}`),
      context(`${escape(p.programmeName)} · a calendar invite for the recurring slot follows.`),
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
