import type { Button, KnownBlock } from '@slack/types';
import { actions, button, context, escape, section } from './common.ts';
import { slackDate } from './time.ts';

/**
 * Rescheduling a pod from its group DM, and the RSVP notes. Times are Slack date tokens, so each
 * member sees their own zone; the fallback (notifications) is in the zone given as `zone`.
 */
export const RESCHEDULE_ACTIONS = { request: 'pod_reschedule', pick: 'pod_reschedule_pick' } as const;

type Message = { text: string; blocks: KnownBlock[] };

/** "Find a new time": any member of the pod may press it (checked server-side). */
export function rescheduleButton(podId: string): Button {
  return button('Find a new time', RESCHEDULE_ACTIONS.request, podId);
}

export function rescheduleActions(podId: string): KnownBlock {
  return actions(`pod_reschedule:${podId}`, [rescheduleButton(podId)]);
}

/** The value of one option's button: the offer and the option's number, never a time. */
export const pickValue = (offerId: string, option: number) => `${offerId}:${option}`;

export function parsePickValue(value: string): { offerId: string; option: number } | undefined {
  const m = /^([0-9a-f-]{36}):([0-9])$/i.exec(value);
  return m ? { offerId: m[1]!, option: Number(m[2]) } : undefined;
}

export interface OfferedSlot {
  first: Date;
  end: Date;
  count: number;
  cadenceWeeks: number;
  /** Occurrence × member clashes with free/busy. */
  conflicts: number;
}

const every = (cadence: number) => (cadence === 1 ? 'every week' : `every ${cadence} weeks`);
const sessions = (n: number) => `${n} session${n === 1 ? '' : 's'}`;

function slotLine(o: OfferedSlot, zone: string): string {
  const clash = o.conflicts === 0 ? 'free for everyone' : `${o.conflicts} calendar clash${o.conflicts === 1 ? '' : 'es'}, the fewest possible`;
  return `${slackDate(o.first, zone, 'longDay')}, ${slackDate(o.first, zone, 'time')}–${slackDate(o.end, zone, 'time')}, then ${every(o.cadenceWeeks)} (${sessions(o.count)}; ${clash})`;
}

/** The three best slots for the pod's remaining sessions, each with its button. */
export function rescheduleOptionsMessage(p: { podName: string; requestedBy: string | null; offerId: string; fromSession: number; options: OfferedSlot[]; zone: string }): Message {
  const who = p.requestedBy ? `<@${p.requestedBy}>` : 'Someone in the pod';
  if (p.options.length === 0) {
    const text = `No other weekly time fits everyone's working hours for the rest of ${p.podName}'s sessions; the current time stays.`;
    return { text, blocks: [section(`${who} asked for a new time. ${escape(text)}`)] };
  }
  const text = `New times for ${p.podName} from session ${p.fromSession + 1}: pick one (times show in your own zone).`;
  return {
    text,
    blocks: [
      section(`:calendar: ${who} asked for a new time. These fit everyone's working hours from session ${p.fromSession + 1} on; times show in your own zone:`),
      ...p.options.map((o, i) => section(`*Option ${i + 1}:* ${slotLine(o, p.zone)}`, button('Move here', RESCHEDULE_ACTIONS.pick, pickValue(p.offerId, i)))),
      context('Any member can choose; the calendar invitation moves for everyone and the facilitator order stays.'),
    ],
  };
}

/** The options message once one was chosen: no buttons left to press. */
export function rescheduleChosenMessage(p: { chosenBy: string | null; option: number; slot: OfferedSlot; zone: string }): Message {
  const who = p.chosenBy ? `<@${p.chosenBy}>` : 'Someone in the pod';
  return {
    text: `Option ${p.option + 1} was chosen.`,
    blocks: [section(`:white_check_mark: ${who} chose option ${p.option + 1}: ${slotLine(p.slot, p.zone)}`)],
  };
}

/** Told in the pod's group DM when its remaining sessions moved. */
export function podMovedMessage(p: { podName: string; movedBy: string | null; fromSession: number; slot: OfferedSlot; zone: string; calendar: boolean }): Message {
  const who = p.movedBy ? `<@${p.movedBy}>` : 'Someone in the pod';
  const text = `${p.podName} meets at a new time from session ${p.fromSession + 1}.`;
  return {
    text,
    blocks: [section(`:arrows_counterclockwise: ${who} moved ${escape(p.podName)} from session ${p.fromSession + 1}: ${slotLine(p.slot, p.zone)}. ` +
      `Whoever was to facilitate each session still does.${p.calendar ? ' Your calendar invitation moves too; a new Meet link follows.' : ''}`)],
  };
}

/** To a session's facilitator: someone declined the invitation for it. */
export function declinedNextMessage(p: { podName: string; index: number; startsAt: Date; zone: string; who: { name: string; slackUserId: string | null } }): Message {
  const name = p.who.slackUserId ? `<@${p.who.slackUserId}>` : escape(p.who.name);
  const text = `${p.who.name} declined ${p.podName} session ${p.index + 1}, which you facilitate.`;
  return { text, blocks: [section(`:envelope_with_arrow: ${name} declined the calendar invitation for ${escape(p.podName)} session ${p.index + 1} on ${slackDate(p.startsAt, p.zone)}, which you facilitate. Plan the session for those who come, or ask in the pod's chat.`)] };
}

/** To someone who declined every session so far: does the time work for them? With Reschedule. */
export function declinedAllMessage(p: { podName: string; podId: string; firstAt: Date; zone: string }): Message {
  const text = `You've declined every ${p.podName} session so far. Does the time work for you?`;
  return {
    text,
    blocks: [
      section(`:wave: You've declined every ${escape(p.podName)} session so far (the next is ${slackDate(p.firstAt, p.zone)}). Does the time work for you? If it doesn't, find a new one that fits everyone: the pod sees the options and any member can choose.`),
      rescheduleActions(p.podId),
    ],
  };
}
