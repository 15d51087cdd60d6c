import type { Button, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { actions, button, context, escape, section } from './common.ts';
import { modal, option, plain } from './modal.ts';
import { dayText, localText, slackDate } from './time.ts';

export const RETRO_ACTIONS = { open: 'retro_open', holdNow: 'pod_retro_now' } as const;
export const RETRO_CALLBACK = 'retro_submit';
/** Longest free-text answer (the database refuses more). */
export const RETRO_TEXT_MAX = 3000;

export interface RetroAsk {
  podId: string;
  podName: string;
  round: number;
  programmeName: string;
  /** When the window closes, as a Slack date token shows it in the reader's zone. */
  closesAt: Date;
  /** The reader's zone, for the token's fallback and the notification text (UTC, labelled, when unknown). */
  timezone?: string | null;
}

/** The DM at the round's last session: what the retro is for, and the button to the form. */
export function retroAskBlocks(a: RetroAsk): { text: string; blocks: KnownBlock[] } {
  const text = `${a.podName} has reached its last session of round ${a.round}: time for the retro. Tell your pod how it went and whether you want another round.`;
  return {
    text,
    blocks: [
      section(`:leaves: *${escape(a.podName)}: the round's retro*\n${escape(text)}`),
      section('Six questions, about two minutes: continue for another round?, how valuable it was, what to celebrate, what to change, facilitation and rhythm next time, and whether you would recommend a pod to a colleague.'),
      actions(`retro_${a.podId}`, [button('Answer the retro', RETRO_ACTIONS.open, a.podId, 'primary')]),
      context(`Your answers belong to your pod. Programme leads see your words only if you tick "share"; HR only ever sees totals over 5 or more people. The pod decides by ${slackDate(a.closesAt, a.timezone)}, or as soon as everyone has answered.`),
    ],
  };
}

/** The one reminder to a member who has not answered yet. */
export function retroReminderBlocks(a: RetroAsk): { text: string; blocks: KnownBlock[] } {
  const text = `Reminder: ${a.podName}'s retro is waiting for your answer. The pod decides whether to continue by ${localText(a.closesAt, a.timezone)}.`;
  return {
    text,
    blocks: [
      section(`:bell: *${escape(a.podName)}'s retro is waiting for you.* The pod decides whether to carry on by ${slackDate(a.closesAt, a.timezone)}; without your answer it decides without you.`),
      actions(`retro_reminder_${a.podId}`, [button('Answer the retro', RETRO_ACTIONS.open, a.podId, 'primary')]),
    ],
  };
}

export interface RetroFormValues {
  wantsToContinue?: string;
  rating?: number | null;
  celebrate?: string | null;
  change?: string | null;
  cadenceNext?: string | null;
  facilitationNext?: string | null;
  recommend?: boolean | null;
  share?: boolean;
}

function radio(id: string, label: string, options: PlainTextOption[], opts: { initial?: string; optional?: boolean; hint?: string } = {}): KnownBlock {
  const init = options.find((o) => o.value === opts.initial);
  return {
    type: 'input', block_id: id, label: plain(label), optional: opts.optional ?? false, ...(opts.hint ? { hint: plain(opts.hint) } : {}),
    element: { type: 'radio_buttons', action_id: id, options, ...(init ? { initial_option: init } : {}) },
  } as KnownBlock;
}

function longText(id: string, label: string, initial?: string | null, placeholder?: string): KnownBlock {
  return {
    type: 'input', block_id: id, label: plain(label), optional: true,
    element: {
      type: 'plain_text_input', action_id: id, multiline: true, max_length: RETRO_TEXT_MAX,
      ...(initial ? { initial_value: initial } : {}), ...(placeholder ? { placeholder: plain(placeholder) } : {}),
    },
  } as KnownBlock;
}

/** The retro form. Re-opened after answering, it shows the answer given (it can be changed until the pod decides). */
export function retroModal(p: { podId: string; podName: string; round: number; cadenceWeeks: number }, v: RetroFormValues = {}): ModalView {
  const rhythmNow = p.cadenceWeeks === 1 ? 'weekly' : `every ${p.cadenceWeeks} weeks`;
  const consent = option('Share my words (celebrate / change) with the programme leads', 'share');
  return modal({
    callbackId: RETRO_CALLBACK, title: 'Pod retro', submit: 'Send', close: 'Not now', privateMetadata: p.podId,
    blocks: [
      section(`*${escape(p.podName)}*, round ${p.round}. Your pod sees what you write here; it decides together whether to carry on.`),
      radio('continue', 'Continue for another round?', [option('Yes, another round', 'continue'), option('No, I will stop here', 'close'), option('Not sure', 'unsure')], { initial: v.wantsToContinue }),
      radio('rating', 'How valuable was this round for you?', [1, 2, 3, 4, 5].map((n) => option(`${n}${n === 1 ? ' (not at all)' : n === 5 ? ' (very)' : ''}`, String(n))), { initial: v.rating ? String(v.rating) : undefined }),
      longText('celebrate', 'What do you want to celebrate?', v.celebrate),
      longText('change', 'What would you change?', v.change),
      radio('cadence_next', `Rhythm next round (now ${rhythmNow})`, [option('Keep it as it is', 'same'), option('Weekly', 'weekly'), option('Every two weeks', 'fortnightly')], { initial: v.cadenceNext ?? 'same', optional: true }),
      radio('facilitation_next', 'Facilitation next round', [option('Keep rotating', 'rotate'), option("I'd like to host first", 'volunteer'), option("I'd rather not host", 'pass')], { initial: v.facilitationNext ?? 'rotate', optional: true }),
      radio('recommend', 'Would you recommend a pod to a colleague?', [option('Yes', 'yes'), option('No', 'no')], { initial: v.recommend === undefined || v.recommend === null ? undefined : v.recommend ? 'yes' : 'no' }),
      {
        type: 'input', block_id: 'share', label: plain('Share with programme leads'), optional: true,
        hint: plain('Off unless you tick it. Leads use quotes to improve the programme; HR never sees them.'),
        element: { type: 'checkboxes', action_id: 'share', options: [consent], ...(v.share ? { initial_options: [consent] } : {}) },
      } as KnownBlock,
    ],
  });
}

/** What the modal shows after a stored answer. */
export function retroThanksView(p: { podName: string; decided: boolean }): ModalView {
  return modal({
    callbackId: 'retro_thanks', title: 'Thank you', close: 'Close',
    blocks: [section(p.decided
      ? `:raised_hands: Thanks! Everyone in ${escape(p.podName)} has answered; you'll get the pod's decision in a DM shortly.`
      : `:raised_hands: Thanks, your answer is saved. You can change it from the same button until ${escape(p.podName)} decides.`)],
  });
}

export type RetroOutcomeFor =
  | { kind: 'continuing'; podName: string; round: number; members: string[]; cadenceWeeks: number; startWeek: string; firstHost: string }
  | { kind: 'not_continuing'; podName: string; nextRoundOf: string[] }
  | { kind: 'closed'; podName: string; reason: 'decided_to_close' | 'too_few_to_continue' | 'no_retro_answers' | 'below_two_members' | 'closed_early'; offeredNextWave: boolean };

/** Each member's DM with the pod's decision, worded for where it leaves them. */
export function retroOutcomeBlocks(o: RetroOutcomeFor): { text: string; blocks: KnownBlock[] } {
  let text: string;
  if (o.kind === 'continuing') {
    const rhythm = o.cadenceWeeks === 1 ? 'weekly' : `every ${o.cadenceWeeks} weeks`;
    text = `${o.podName} continues: round ${o.round} starts the week of ${dayText(o.startWeek)}, ${rhythm}, with ${o.members.join(', ')}. ${o.firstHost} hosts the first session.`;
  } else if (o.kind === 'not_continuing') {
    text = `${o.podName} continues without you, as you chose (${o.nextRoundOf.join(', ')} carry on). Thank you for the round! You may be invited to a later wave.`;
  } else {
    const why = {
      decided_to_close: 'most of you chose to close it',
      too_few_to_continue: 'too few of you wanted another round to make a pod',
      no_retro_answers: 'nobody answered the retro',
      below_two_members: 'fewer than two members were left',
      closed_early: 'the pod chose to end early',
    }[o.reason];
    text = `${o.podName} has closed: ${why}. Thank you for the time and trust you gave each other.` +
      (o.offeredNextWave ? ' You wanted to carry on, so you will be offered a place in the next wave first.' : ' You may be invited to a later wave.');
  }
  return { text, blocks: [section(`:${o.kind === 'closed' ? 'sunflower' : 'seedling'}: ${escape(text)}`)] };
}

/** On a member's home: end the round early by holding its retro now (asks first). */
export function holdRetroNowButton(podId: string): Button {
  return {
    ...button('Wrap up early…', RETRO_ACTIONS.holdNow, podId),
    confirm: {
      title: { type: 'plain_text', text: 'Hold the retro now?' },
      text: { type: 'plain_text', text: 'Everyone in your pod gets the retro form now, and the pod decides together whether to carry on or close. Sessions still ahead stay booked until it decides.' },
      confirm: { type: 'plain_text', text: 'Hold the retro' },
      deny: { type: 'plain_text', text: 'Not yet' },
    },
  };
}
