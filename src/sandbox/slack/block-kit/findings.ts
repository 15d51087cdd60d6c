/**
 * What Slack says about a payload it refuses: one line per problem, each ending with a JSON
 * pointer into the request, e.g. "must be less than 3001 characters [json-pointer:/blocks/0/text/text]".
 * The phrasing follows the detail strings Slack returns in `response_metadata.messages`.
 */
export class Findings {
  readonly problems: string[] = [];

  add(pointer: string, problem: string): void {
    this.problems.push(`${problem} [json-pointer:${pointer}]`);
  }

  get ok(): boolean {
    return this.problems.length === 0;
  }
}

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Slack's schemas allow no properties beyond the documented ones. */
export function onlyKnown(f: Findings, obj: Json, allowed: readonly string[], at: string): void {
  for (const key of Object.keys(obj)) if (!allowed.includes(key)) f.add(at, `invalid additional property: ${key}`);
}

interface StringRule { max: number; min?: number; required?: boolean }

/** A string field: present when required, a string, and within its documented length. */
export function checkString(f: Findings, obj: Json, key: string, at: string, rule: StringRule): void {
  const v = obj[key];
  if (v === undefined) {
    if (rule.required) f.add(at, `missing required field: ${key}`);
    return;
  }
  if (typeof v !== 'string') return f.add(`${at}/${key}`, 'must provide a string');
  // Slack counts characters as JavaScript does (UTF-16 code units); a stricter count is the safe side.
  if (v.length > rule.max) f.add(`${at}/${key}`, `must be less than ${rule.max + 1} characters`);
  if (v.length < (rule.min ?? 1)) f.add(`${at}/${key}`, `must be more than ${(rule.min ?? 1) - 1} characters`);
}

export function checkBoolean(f: Findings, obj: Json, key: string, at: string): void {
  if (obj[key] !== undefined && typeof obj[key] !== 'boolean') f.add(`${at}/${key}`, 'must provide a boolean');
}

export function checkEnum(f: Findings, obj: Json, key: string, at: string, values: readonly string[]): void {
  const v = obj[key];
  if (v !== undefined && !values.includes(v as string)) f.add(`${at}/${key}`, `must be one of: ${values.join(', ')}`);
}

/** An array field within its item bounds; returns the items to check further (empty when unusable). */
export function checkArray(f: Findings, obj: Json, key: string, at: string, rule: { min?: number; max: number; required?: boolean }): unknown[] {
  const v = obj[key];
  if (v === undefined) {
    if (rule.required) f.add(at, `missing required field: ${key}`);
    return [];
  }
  if (!Array.isArray(v)) {
    f.add(`${at}/${key}`, 'must provide an array');
    return [];
  }
  if (v.length > rule.max) f.add(`${at}/${key}`, `no more than ${rule.max} items allowed`);
  if (v.length < (rule.min ?? 0)) f.add(`${at}/${key}`, `must provide at least ${rule.min} item${rule.min === 1 ? '' : 's'}`);
  return v;
}
