import { checkArray, checkEnum, checkString, isObject, onlyKnown, type Findings, type Json } from './findings.ts';
import { checkText } from './text.ts';

/** An option object; `mrkdwn` for checkboxes and radio buttons, plain_text elsewhere. */
export function checkOption(f: Findings, v: unknown, at: string, opts: { mrkdwn?: boolean; url?: boolean } = {}): void {
  if (!isObject(v)) return f.add(at, 'must provide an object');
  onlyKnown(f, v, ['text', 'value', 'description', ...(opts.url ? ['url'] : [])], at);
  checkText(f, v, 'text', at, { max: 75, plainOnly: !opts.mrkdwn, required: true });
  checkString(f, v, 'value', at, { max: 150, required: true });
  checkText(f, v, 'description', at, { max: 75, plainOnly: !opts.mrkdwn });
  if (opts.url) checkString(f, v, 'url', at, { max: 3000 });
}

/** options (1..max) or option_groups (1..100 groups of 1..100): exactly one of them. */
export function checkOptionList(f: Findings, el: Json, at: string, max: number, opts: { mrkdwn?: boolean; groups?: boolean; url?: boolean } = {}): void {
  if (opts.groups && el.option_groups !== undefined) {
    if (el.options !== undefined) f.add(at, 'must provide either options or option_groups, not both');
    checkArray(f, el, 'option_groups', at, { min: 1, max: 100 }).forEach((g, i) => {
      const gat = `${at}/option_groups/${i}`;
      if (!isObject(g)) return f.add(gat, 'must provide an object');
      onlyKnown(f, g, ['label', 'options'], gat);
      checkText(f, g, 'label', gat, { max: 75, plainOnly: true, required: true });
      checkArray(f, g, 'options', gat, { min: 1, max: 100, required: true }).forEach((o, j) => checkOption(f, o, `${gat}/options/${j}`));
    });
    return;
  }
  checkArray(f, el, 'options', at, { min: 1, max, required: true }).forEach((o, i) => checkOption(f, o, `${at}/options/${i}`, opts));
}

/** A confirmation dialog on a button or menu. */
export function checkConfirm(f: Findings, el: Json, at: string): void {
  const v = el.confirm;
  if (v === undefined) return;
  const cat = `${at}/confirm`;
  if (!isObject(v)) return f.add(cat, 'must provide an object');
  onlyKnown(f, v, ['title', 'text', 'confirm', 'deny', 'style'], cat);
  checkText(f, v, 'title', cat, { max: 100, plainOnly: true, required: true });
  checkText(f, v, 'text', cat, { max: 300, required: true });
  checkText(f, v, 'confirm', cat, { max: 30, plainOnly: true, required: true });
  checkText(f, v, 'deny', cat, { max: 30, plainOnly: true, required: true });
  checkEnum(f, v, 'style', cat, ['primary', 'danger']);
}
