import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';

/** Modal helpers: inputs whose block_id equals their action_id, so errors map by field name. */
export function plain(text: string): { type: 'plain_text'; text: string; emoji: true } {
  return { type: 'plain_text', text: text.slice(0, 75), emoji: true };
}

export function option(text: string, value: string): PlainTextOption {
  return { text: plain(text), value };
}

export function modal(input: { callbackId: string; title: string; submit?: string; close?: string; privateMetadata?: string; blocks: KnownBlock[] }): ModalView {
  return {
    type: 'modal',
    callback_id: input.callbackId,
    title: plain(input.title.slice(0, 24)),
    ...(input.submit ? { submit: plain(input.submit) } : {}),
    close: plain(input.close ?? 'Cancel'),
    ...(input.privateMetadata ? { private_metadata: input.privateMetadata } : {}),
    blocks: input.blocks.slice(0, 100),
  };
}

export function textInput(id: string, label: string, opts: { initial?: string; optional?: boolean; multiline?: boolean; hint?: string; placeholder?: string } = {}): KnownBlock {
  return {
    type: 'input', block_id: id, label: plain(label), optional: opts.optional ?? false,
    ...(opts.hint ? { hint: plain(opts.hint) } : {}),
    element: {
      type: 'plain_text_input', action_id: id, multiline: opts.multiline ?? false,
      ...(opts.initial !== undefined && opts.initial !== '' ? { initial_value: opts.initial } : {}),
      ...(opts.placeholder ? { placeholder: plain(opts.placeholder) } : {}),
    },
  } as KnownBlock;
}

export function selectInput(id: string, label: string, options: PlainTextOption[], initial?: string): KnownBlock {
  const init = options.find((o) => o.value === initial);
  return {
    type: 'input', block_id: id, label: plain(label),
    element: { type: 'static_select', action_id: id, ...optionsOf(options), ...(init ? { initial_option: init } : {}) },
  } as KnownBlock;
}

export function multiSelectInput(id: string, label: string, options: PlainTextOption[], hint?: string): KnownBlock {
  return {
    type: 'input', block_id: id, label: plain(label), ...(hint ? { hint: plain(hint) } : {}),
    element: { type: 'multi_static_select', action_id: id, ...optionsOf(options) },
  } as KnownBlock;
}

const MAX_OPTIONS = 100;

/**
 * A menu takes at most 100 options, or 100 groups of 100: a longer list (300 teams) is split into
 * groups labelled by their first and last entry, so every choice stays reachable. Callers must not
 * pass an empty list (Slack refuses a menu without options).
 */
export function optionsOf(options: PlainTextOption[]): { options: PlainTextOption[] } | { option_groups: { label: ReturnType<typeof plain>; options: PlainTextOption[] }[] } {
  if (options.length <= MAX_OPTIONS) return { options };
  const groups = [];
  for (let i = 0; i < options.length && groups.length < MAX_OPTIONS; i += MAX_OPTIONS) {
    const chunk = options.slice(i, i + MAX_OPTIONS);
    const name = (o: PlainTextOption) => fit(o.text.text, '', 36);
    groups.push({ label: plain(`${name(chunk[0]!)} … ${name(chunk[chunk.length - 1]!)}`), options: chunk });
  }
  return { option_groups: groups };
}

/** `text + suffix` within `max` characters, shortening the text (never the suffix) with an ellipsis. */
export function fit(text: string, suffix: string, max = 75): string {
  const room = max - suffix.length;
  return text.length > room ? `${text.slice(0, Math.max(0, room - 1))}…${suffix}` : `${text}${suffix}`;
}

/**
 * A searchable multi-select whose options the app serves (block_suggestion), for lists that can
 * pass Slack's 100 static options: teams, departments, people.
 */
export function externalMultiSelectInput(id: string, label: string, opts: { hint?: string; optional?: boolean; placeholder?: string } = {}): KnownBlock {
  return {
    type: 'input', block_id: id, label: plain(label), optional: opts.optional ?? false, ...(opts.hint ? { hint: plain(opts.hint) } : {}),
    element: { type: 'multi_external_select', action_id: id, min_query_length: 0, ...(opts.placeholder ? { placeholder: plain(opts.placeholder) } : {}) },
  } as KnownBlock;
}

export function radioInput(id: string, label: string, options: PlainTextOption[], initial?: string): KnownBlock {
  const init = options.find((o) => o.value === initial);
  return {
    type: 'input', block_id: id, label: plain(label),
    element: { type: 'radio_buttons', action_id: id, options: options.slice(0, 10), ...(init ? { initial_option: init } : {}) },
  } as KnownBlock;
}

export function dateInput(id: string, label: string, initial: string): KnownBlock {
  return { type: 'input', block_id: id, label: plain(label), element: { type: 'datepicker', action_id: id, initial_date: initial } } as KnownBlock;
}

export function timeInput(id: string, label: string, initial: string): KnownBlock {
  return { type: 'input', block_id: id, label: plain(label), element: { type: 'timepicker', action_id: id, initial_time: initial } } as KnownBlock;
}

export function checkboxInput(id: string, label: string, options: PlainTextOption[], initial: string[]): KnownBlock {
  const init = options.filter((o) => initial.includes(o.value ?? ''));
  return {
    type: 'input', block_id: id, label: plain(label),
    element: { type: 'checkboxes', action_id: id, options, ...(init.length ? { initial_options: init } : {}) },
  } as KnownBlock;
}

/** Reads `view.state.values` into plain strings/arrays keyed by action_id. */
export function readState(values: Record<string, Record<string, unknown>>): Record<string, string | string[] | undefined> {
  // Slack sends objects and strings here; a forged or broken payload may not. Whatever is not of
  // the expected shape reads as nothing entered, so the handler answers with its inline errors
  // (bad input gets a clear error) instead of throwing before the ack (Slack would show a failure).
  const out: Record<string, string | string[] | undefined> = {};
  const text = (x: unknown) => (typeof x === 'string' ? x : undefined);
  const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
  for (const block of isObject(values) ? Object.values(values) : []) {
    if (!isObject(block)) continue;
    for (const [actionId, v] of Object.entries(block)) {
      if (!isObject(v)) continue;
      if ('selected_options' in v) out[actionId] = (Array.isArray(v.selected_options) ? v.selected_options : []).flatMap((o) => (isObject(o) && typeof o.value === 'string' ? [o.value] : []));
      else if ('selected_option' in v) out[actionId] = isObject(v.selected_option) ? text(v.selected_option.value) : undefined;
      else if ('selected_date' in v) out[actionId] = text(v.selected_date);
      else if ('selected_time' in v) out[actionId] = text(v.selected_time);
      else out[actionId] = text(v.value);
    }
  }
  return out;
}
