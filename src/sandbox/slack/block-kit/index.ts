/**
 * Block Kit as Slack checks it before it accepts a message or a view: every block and element the
 * app (and most apps) use, with the limits of Slack's Block Kit reference. A payload Slack would
 * refuse is refused here with Slack's error code and detail strings, so a builder that overflows
 * (too long a text, too many options, an empty option list) fails its test instead of production.
 */
import { Findings, checkString, checkBoolean, isObject, onlyKnown } from './findings.ts';
import { checkText } from './text.ts';
import { checkBlocks } from './blocks.ts';

export { Findings } from './findings.ts';
export type { Surface } from './blocks.ts';

export const MAX_MESSAGE_BLOCKS = 50;
export const MAX_VIEW_BLOCKS = 100;

/** Problems with a message's `blocks` (chat.postMessage/update/postEphemeral, response_url). */
export function messageBlockProblems(blocks: unknown): string[] {
  const f = new Findings();
  checkBlocks(f, blocks, '/blocks', 'message', MAX_MESSAGE_BLOCKS);
  return f.problems;
}

const VIEW_PROPS = ['type', 'title', 'blocks', 'close', 'submit', 'private_metadata', 'callback_id', 'clear_on_close', 'notify_on_close', 'external_id', 'submit_disabled'];

/** Problems with a view object (views.publish/open/update/push, response_action update/push). */
export function viewProblems(view: unknown, type: 'home' | 'modal'): string[] {
  const f = new Findings();
  const at = '/view';
  if (!isObject(view)) {
    f.add(at, 'missing required field: view');
    return f.problems;
  }
  if (view.type !== type) f.add(`${at}/type`, `must be one of: ${type}`);
  onlyKnown(f, view, VIEW_PROPS, at);
  if (view.blocks === undefined) f.add(at, 'missing required field: blocks');
  else checkBlocks(f, view.blocks, `${at}/blocks`, type, MAX_VIEW_BLOCKS);
  checkText(f, view, 'title', at, { max: 24, plainOnly: true, required: type === 'modal' });
  checkText(f, view, 'submit', at, { max: 24, plainOnly: true });
  checkText(f, view, 'close', at, { max: 24, plainOnly: true });
  checkString(f, view, 'private_metadata', at, { max: 3000, min: 0 });
  checkString(f, view, 'callback_id', at, { max: 255, min: 0 });
  checkString(f, view, 'external_id', at, { max: 255 });
  for (const key of ['clear_on_close', 'notify_on_close', 'submit_disabled']) checkBoolean(f, view, key, at);
  const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObject(b) && b.type === 'input');
  if (type === 'modal' && hasInput && view.submit === undefined) f.add(`${at}/submit`, 'must provide submit when the view has input blocks');
  return f.problems;
}
