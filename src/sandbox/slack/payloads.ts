import { option } from './view-state.ts';
import type { ClickInput } from './driver.ts';

/** The `actions[0]` entry Slack builds for a click on this element. */
export function actionOf(element: Record<string, unknown>, blockId: string, input: Pick<ClickInput, 'actionId' | 'value' | 'selected'>, nowMs: number): Record<string, unknown> {
  const type = String(element.type);
  const base = { action_id: input.actionId, block_id: blockId, type, action_ts: `${Math.floor(nowMs / 1000)}.${String(nowMs % 1000).padStart(3, '0')}000` };
  if (type === 'button') return { ...base, text: element.text, value: input.value ?? element.value, ...(element.style ? { style: element.style } : {}) };
  const picked = input.selected === undefined ? [] : Array.isArray(input.selected) ? input.selected : [input.selected];
  if (type.startsWith('multi_') || type === 'checkboxes') return { ...base, selected_options: picked.map((v) => option(element, v)) };
  if (['static_select', 'external_select', 'overflow', 'radio_buttons'].includes(type)) {
    return { ...base, selected_option: picked[0] === undefined ? null : option(element, picked[0]) };
  }
  return { ...base, ...(input.value !== undefined ? { value: input.value } : {}) };
}

/** An app's HTTP answer: JSON, text, or undefined when empty. */
export function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
