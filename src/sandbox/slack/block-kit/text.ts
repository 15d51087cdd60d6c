import { checkBoolean, checkString, isObject, onlyKnown, type Findings } from './findings.ts';

export interface TextRule {
  max: number;
  /** Fields such as header text, button text, labels and placeholders take plain_text only. */
  plainOnly?: boolean;
  required?: boolean;
}

/** A composition text object: {type: plain_text|mrkdwn, text, emoji?|verbatim?}. */
export function checkText(f: Findings, parent: Record<string, unknown>, key: string, at: string, rule: TextRule): void {
  const v = parent[key];
  if (v === undefined) {
    if (rule.required) f.add(at, `missing required field: ${key}`);
    return;
  }
  checkTextObject(f, v, `${at}/${key}`, rule);
}

export function checkTextObject(f: Findings, v: unknown, at: string, rule: TextRule): void {
  if (!isObject(v)) return f.add(at, 'must provide an object');
  if (v.type === 'plain_text') {
    onlyKnown(f, v, ['type', 'text', 'emoji'], at);
    checkBoolean(f, v, 'emoji', at);
  } else if (v.type === 'mrkdwn' && !rule.plainOnly) {
    onlyKnown(f, v, ['type', 'text', 'verbatim'], at);
    checkBoolean(f, v, 'verbatim', at);
  } else {
    return f.add(`${at}/type`, `must be one of: ${rule.plainOnly ? 'plain_text' : 'plain_text, mrkdwn'}`);
  }
  checkString(f, v, 'text', at, { max: rule.max, required: true });
}
