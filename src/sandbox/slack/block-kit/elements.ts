import { checkArray, checkBoolean, checkEnum, checkString, isObject, onlyKnown, type Findings, type Json } from './findings.ts';
import { checkText } from './text.ts';
import { checkConfirm, checkOption, checkOptionList } from './composition.ts';

type ElementCheck = (f: Findings, el: Json, at: string) => void;

const ACTIONABLE = ['type', 'action_id'];
const placeholder = (f: Findings, el: Json, at: string) => checkText(f, el, 'placeholder', at, { max: 150, plainOnly: true });
const SELECT = [...ACTIONABLE, 'placeholder', 'confirm', 'focus_on_load'];

/** Each element type the emulator knows: its documented properties and limits. */
const ELEMENTS: Record<string, { props: string[]; check: ElementCheck }> = {
  button: {
    props: [...ACTIONABLE, 'text', 'url', 'value', 'style', 'confirm', 'accessibility_label'],
    check: (f, el, at) => {
      checkText(f, el, 'text', at, { max: 75, plainOnly: true, required: true });
      checkString(f, el, 'url', at, { max: 3000 });
      checkString(f, el, 'value', at, { max: 2000 });
      checkEnum(f, el, 'style', at, ['primary', 'danger']);
      checkString(f, el, 'accessibility_label', at, { max: 75 });
      checkConfirm(f, el, at);
    },
  },
  static_select: {
    props: [...SELECT, 'options', 'option_groups', 'initial_option'],
    check: (f, el, at) => {
      placeholder(f, el, at);
      checkOptionList(f, el, at, 100, { groups: true });
      if (el.initial_option !== undefined) checkOption(f, el.initial_option, `${at}/initial_option`);
      checkConfirm(f, el, at);
    },
  },
  multi_static_select: {
    props: [...SELECT, 'options', 'option_groups', 'initial_options', 'max_selected_items'],
    check: (f, el, at) => {
      placeholder(f, el, at);
      checkOptionList(f, el, at, 100, { groups: true });
      checkArray(f, el, 'initial_options', at, { max: 100 }).forEach((o, i) => checkOption(f, o, `${at}/initial_options/${i}`));
      if (el.max_selected_items !== undefined && !(Number.isInteger(el.max_selected_items) && (el.max_selected_items as number) >= 1)) f.add(`${at}/max_selected_items`, 'must be an integer of at least 1');
      checkConfirm(f, el, at);
    },
  },
  users_select: { props: [...SELECT, 'initial_user'], check: (f, el, at) => { placeholder(f, el, at); checkConfirm(f, el, at); } },
  multi_users_select: { props: [...SELECT, 'initial_users', 'max_selected_items'], check: (f, el, at) => { placeholder(f, el, at); checkConfirm(f, el, at); } },
  conversations_select: {
    props: [...SELECT, 'initial_conversation', 'default_to_current_conversation', 'response_url_enabled', 'filter'],
    check: (f, el, at) => { placeholder(f, el, at); checkConfirm(f, el, at); },
  },
  channels_select: { props: [...SELECT, 'initial_channel', 'response_url_enabled'], check: (f, el, at) => { placeholder(f, el, at); checkConfirm(f, el, at); } },
  external_select: { props: [...SELECT, 'initial_option', 'min_query_length'], check: (f, el, at) => { placeholder(f, el, at); checkConfirm(f, el, at); } },
  overflow: {
    props: [...ACTIONABLE, 'options', 'confirm'],
    check: (f, el, at) => { checkOptionList(f, el, at, 5, { url: true }); checkConfirm(f, el, at); },
  },
  checkboxes: {
    props: [...ACTIONABLE, 'options', 'initial_options', 'confirm', 'focus_on_load'],
    check: (f, el, at) => {
      checkOptionList(f, el, at, 10, { mrkdwn: true });
      checkArray(f, el, 'initial_options', at, { max: 10 }).forEach((o, i) => checkOption(f, o, `${at}/initial_options/${i}`, { mrkdwn: true }));
      checkConfirm(f, el, at);
    },
  },
  radio_buttons: {
    props: [...ACTIONABLE, 'options', 'initial_option', 'confirm', 'focus_on_load'],
    check: (f, el, at) => {
      checkOptionList(f, el, at, 10, { mrkdwn: true });
      if (el.initial_option !== undefined) checkOption(f, el.initial_option, `${at}/initial_option`, { mrkdwn: true });
      checkConfirm(f, el, at);
    },
  },
  datepicker: {
    props: [...ACTIONABLE, 'initial_date', 'placeholder', 'confirm', 'focus_on_load'],
    check: (f, el, at) => {
      placeholder(f, el, at);
      if (el.initial_date !== undefined && !(typeof el.initial_date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(el.initial_date))) f.add(`${at}/initial_date`, 'must be a date in the format YYYY-MM-DD');
      checkConfirm(f, el, at);
    },
  },
  timepicker: {
    props: [...ACTIONABLE, 'initial_time', 'placeholder', 'confirm', 'focus_on_load', 'timezone'],
    check: (f, el, at) => {
      placeholder(f, el, at);
      if (el.initial_time !== undefined && !(typeof el.initial_time === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(el.initial_time))) f.add(`${at}/initial_time`, 'must be a time in the format HH:mm');
      checkConfirm(f, el, at);
    },
  },
  datetimepicker: { props: [...ACTIONABLE, 'initial_date_time', 'confirm', 'focus_on_load'], check: (f, el, at) => checkConfirm(f, el, at) },
  plain_text_input: {
    props: [...ACTIONABLE, 'placeholder', 'initial_value', 'multiline', 'min_length', 'max_length', 'dispatch_action_config', 'focus_on_load'],
    check: (f, el, at) => {
      placeholder(f, el, at);
      checkBoolean(f, el, 'multiline', at);
      checkString(f, el, 'initial_value', at, { max: 3000, min: 0 });
      for (const key of ['min_length', 'max_length'] as const) {
        const n = el[key];
        if (n !== undefined && !(Number.isInteger(n) && (n as number) >= 0 && (n as number) <= 3000)) f.add(`${at}/${key}`, 'must be an integer between 0 and 3000');
      }
    },
  },
  number_input: { props: [...ACTIONABLE, 'is_decimal_allowed', 'initial_value', 'min_value', 'max_value', 'placeholder', 'dispatch_action_config', 'focus_on_load'], check: placeholder },
  email_text_input: { props: [...ACTIONABLE, 'initial_value', 'placeholder', 'dispatch_action_config', 'focus_on_load'], check: placeholder },
  url_text_input: { props: [...ACTIONABLE, 'initial_value', 'placeholder', 'dispatch_action_config', 'focus_on_load'], check: placeholder },
  image: {
    props: ['type', 'image_url', 'slack_file', 'alt_text'],
    check: (f, el, at) => {
      checkString(f, el, 'alt_text', at, { max: 2000, required: true });
      if (el.image_url === undefined && el.slack_file === undefined) f.add(at, 'missing required field: image_url');
      checkString(f, el, 'image_url', at, { max: 3000 });
    },
  },
};

/** Where each element may appear (Block Kit reference, "works with block types"). */
export const ACCESSORY = ['button', 'checkboxes', 'datepicker', 'image', 'multi_static_select', 'multi_users_select', 'overflow', 'radio_buttons', 'static_select', 'users_select', 'conversations_select', 'channels_select', 'external_select', 'timepicker'];
export const IN_ACTIONS = ['button', 'checkboxes', 'datepicker', 'datetimepicker', 'multi_static_select', 'multi_users_select', 'overflow', 'radio_buttons', 'static_select', 'users_select', 'conversations_select', 'channels_select', 'external_select', 'timepicker'];
export const IN_INPUT = ['checkboxes', 'datepicker', 'datetimepicker', 'email_text_input', 'multi_static_select', 'multi_users_select', 'number_input', 'plain_text_input', 'radio_buttons', 'static_select', 'users_select', 'conversations_select', 'channels_select', 'external_select', 'timepicker', 'url_text_input'];

/** Checks one element allowed in `allowed`; collects its action_id for the per-block uniqueness rule. */
export function checkElement(f: Findings, v: unknown, at: string, allowed: readonly string[], actionIds: Map<string, string>): void {
  if (!isObject(v)) return f.add(at, 'must provide an object');
  const type = v.type;
  if (typeof type !== 'string' || !ELEMENTS[type] || !allowed.includes(type)) return f.add(`${at}/type`, `unsupported element type: ${String(type)}`);
  const spec = ELEMENTS[type]!;
  onlyKnown(f, v, spec.props, at);
  if (spec.props.includes('action_id')) {
    checkString(f, v, 'action_id', at, { max: 255 });
    if (typeof v.action_id === 'string') {
      const first = actionIds.get(v.action_id);
      if (first !== undefined) f.add(`${at}/action_id`, `duplicate action_id: ${v.action_id} (also at ${first})`);
      else actionIds.set(v.action_id, at);
    }
  }
  spec.check(f, v, at);
}
