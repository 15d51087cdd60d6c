import { isRecord } from './params.ts';

type Block = Record<string, unknown>;
type Element = Record<string, unknown>;

/** Every interactive element in some blocks, with the block it sits in. */
export function interactiveElements(blocks: readonly unknown[]): Array<{ blockId: string; blockType: string; element: Element }> {
  const found: Array<{ blockId: string; blockType: string; element: Element }> = [];
  for (const block of blocks) {
    if (!isRecord(block)) continue;
    const blockId = typeof block.block_id === 'string' ? block.block_id : '';
    const candidates = [block.accessory, block.element, ...(Array.isArray(block.elements) ? block.elements : [])];
    for (const element of candidates) {
      if (isRecord(element) && typeof element.action_id === 'string') found.push({ blockId, blockType: String(block.type), element });
    }
  }
  return found;
}

/** Builds `view.state.values` the way Slack does from what the user entered, keyed by action_id or block_id. */
export function buildStateValues(blocks: readonly unknown[], values: Record<string, unknown> = {}): Record<string, Record<string, unknown>> {
  const state: Record<string, Record<string, unknown>> = {};
  const used = new Set<string>();
  for (const { blockId, blockType, element } of interactiveElements(blocks)) {
    const actionId = element.action_id as string;
    const key = actionId in values ? actionId : blockId in values ? blockId : undefined;
    if (key !== undefined) used.add(key);
    if (blockType !== 'input' && key === undefined) continue;
    const given = key === undefined ? undefined : values[key];
    const entry = stateOf(element, given);
    if (blockType === 'input' && isEmpty(entry) && (blocks.find((b) => isRecord(b) && b.block_id === blockId) as Block | undefined)?.optional !== true) {
      throw new Error(`Slack would not let the user submit: required input "${blockId}/${actionId}" is empty; pass it in values`);
    }
    (state[blockId] ??= {})[actionId] = entry;
  }
  const unknown = Object.keys(values).filter((k) => !used.has(k));
  if (unknown.length > 0) throw new Error(`No input in this view has action_id or block_id ${unknown.join(', ')}`);
  return state;
}

/** One element's state entry, e.g. {type:'static_select', selected_option:{text,value}}. */
export function stateOf(element: Element, given: unknown): Record<string, unknown> {
  const type = String(element.type);
  const many = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
  switch (type) {
    case 'static_select': case 'external_select': case 'radio_buttons': case 'overflow':
      return { type, selected_option: given === undefined ? (element.initial_option ?? null) : option(element, String(given)) };
    case 'multi_static_select': case 'multi_external_select': case 'checkboxes':
      return { type, selected_options: given === undefined ? (element.initial_options ?? []) : many(given).map((v) => option(element, v)) };
    case 'datepicker': return { type, selected_date: given ?? element.initial_date ?? null };
    case 'timepicker': return { type, selected_time: given ?? element.initial_time ?? null };
    case 'datetimepicker': return { type, selected_date_time: given ?? element.initial_date_time ?? null };
    case 'users_select': return { type, selected_user: given ?? element.initial_user ?? null };
    case 'multi_users_select': return { type, selected_users: given === undefined ? (element.initial_users ?? []) : many(given) };
    case 'conversations_select': return { type, selected_conversation: given ?? element.initial_conversation ?? null };
    case 'multi_conversations_select': return { type, selected_conversations: given === undefined ? (element.initial_conversations ?? []) : many(given) };
    case 'channels_select': return { type, selected_channel: given ?? element.initial_channel ?? null };
    case 'multi_channels_select': return { type, selected_channels: given === undefined ? (element.initial_channels ?? []) : many(given) };
    default: return { type, value: given === undefined ? (element.initial_value ?? null) : String(given) };
  }
}

/** The full option object Slack sends for a picked value; the user can only pick what is offered. */
export function option(element: Element, value: string): Record<string, unknown> {
  const groups = Array.isArray(element.option_groups) ? element.option_groups.flatMap((g) => (isRecord(g) && Array.isArray(g.options) ? g.options : [])) : [];
  const options = [...(Array.isArray(element.options) ? element.options : []), ...groups];
  const found = options.find((o) => isRecord(o) && o.value === value);
  if (found === undefined && !String(element.type).includes('external')) {
    throw new Error(`"${String(element.action_id)}" offers no option with value "${value}"`);
  }
  return (found as Record<string, unknown> | undefined) ?? { text: { type: 'plain_text', text: value }, value };
}

function isEmpty(entry: Record<string, unknown>): boolean {
  return Object.entries(entry).every(([k, v]) => k === 'type' || v === null || v === '' || (Array.isArray(v) && v.length === 0));
}
