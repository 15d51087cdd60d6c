import type { Button, KnownBlock, ModalView } from '@slack/types';
import { figureChanges, type FigureSnapshot } from '../../core/rollout/preview-figures.ts';
import type { RerunSettings } from '../../waves/draft.service.ts';
import { button, context, escape, section } from './common.ts';
import { modal, option, radioInput, selectInput } from './modal.ts';

/** The draft's own controls (the preview's "Re-run with a new seed" and "Move someone out" are in launch.blocks). */
export const DRAFT_ACTIONS = { swapOpen: 'wave_preview_swap_open', settingsOpen: 'wave_preview_settings_open', discard: 'wave_preview_discard' } as const;
export const SWAP_CALLBACK = 'wave_preview_swap';
export const SWAP_FIELDS = { first: 'swap_first', second: 'swap_second' } as const;
export const RERUN_CALLBACK = 'wave_preview_settings';
export const RERUN_FIELDS = { minSize: 'rerun_min_size', maxSize: 'rerun_max_size', podSizes: 'rerun_pod_sizes' } as const;

const personPicker = (id: string, label: string, placed: number): KnownBlock => ({
  type: 'input', block_id: id, label: { type: 'plain_text', text: label },
  hint: { type: 'plain_text', text: `Type to search the ${placed} people placed in this draft` },
  element: { type: 'external_select', action_id: id, min_query_length: 0, placeholder: { type: 'plain_text', text: 'Type a name' } },
} as KnownBlock);

/** Pushed over the preview: two people from different pods trade places. */
export function swapView(waveId: string, placed: number): ModalView {
  return modal({ callbackId: SWAP_CALLBACK, title: 'Swap two people', submit: 'Swap', privateMetadata: waveId,
    blocks: [
      section('Each takes the other\'s place (nobody is sent anything yet). Both pods must still have a common time and no manager with their report; the preview then shows the swap\'s effect on the figures.'),
      personPicker(SWAP_FIELDS.first, 'Person', placed),
      personPicker(SWAP_FIELDS.second, 'Swap with', placed),
    ] });
}

export const POD_SIZE_WORDS = { larger: 'As few pods as possible (mostly the largest size)', smaller: 'As many pods as possible (mostly the smallest size)' } as const;

/** Pushed over the preview: match the same people again with other settings (same seed, so the change is the setting's). */
export function rerunSettingsView(waveId: string, current: Required<RerunSettings>): ModalView {
  const sizes = [2, 3, 4, 5, 6, 7, 8].map((n) => option(String(n), String(n)));
  return modal({ callbackId: RERUN_CALLBACK, title: 'Re-run with settings', submit: 'Re-run', privateMetadata: waveId,
    blocks: [
      section(`Now: pods of *${current.minSize}–${current.maxSize}*, ${current.podSizes === 'larger' ? 'as few pods as possible' : 'as many pods as possible'}. The same people are matched again with what you pick; the preview then shows the figures before and after.`),
      selectInput(RERUN_FIELDS.minSize, 'Smallest pod', sizes, String(current.minSize)),
      selectInput(RERUN_FIELDS.maxSize, 'Largest pod', sizes, String(current.maxSize)),
      radioInput(RERUN_FIELDS.podSizes, 'How many pods', (Object.keys(POD_SIZE_WORDS) as (keyof typeof POD_SIZE_WORDS)[]).map((k) => option(POD_SIZE_WORDS[k], k)), current.podSizes),
    ] });
}

/** The preview's extra buttons: swap, re-run with settings, and discard (with Slack's confirm dialog). */
export function draftButtons(waveId: string): Button[] {
  return [
    button('Swap two people…', DRAFT_ACTIONS.swapOpen, waveId),
    button('Re-run with other settings…', DRAFT_ACTIONS.settingsOpen, waveId),
    { ...button('Discard draft', DRAFT_ACTIONS.discard, waveId, 'danger'), confirm: {
      title: { type: 'plain_text', text: 'Discard this draft?' },
      text: { type: 'plain_text', text: 'Its proposed pods are thrown away and it leaves your home tab. Nobody has been sent anything, so nobody is told.' },
      confirm: { type: 'plain_text', text: 'Discard' }, deny: { type: 'plain_text', text: 'Keep it' }, style: 'danger',
    } },
  ];
}

const num = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));

/** "Effect of swapping A and B: same-team pairs 12 → 10 ▲ · …": what the lead's last edit or re-run changed. */
export function effectLine(previous: { label: string; figures: FigureSnapshot } | undefined, now: FigureSnapshot): KnownBlock[] {
  if (!previous) return [];
  const changes = figureChanges(previous.figures, now);
  const what = changes.length
    ? changes.map((c) => `${c.label} ${num(c.from)} → *${num(c.to)}* ${c.better ? ':arrow_up_small: better' : ':arrow_down_small: worse'}`).join(' · ')
    : 'no change in the figures';
  return [context(`*Effect of ${escape(previous.label.slice(0, 200))}:* ${what}`)];
}
