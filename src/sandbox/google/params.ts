/**
 * Query parameters checked as Google checks them, from the discovery document: enums,
 * integer ranges, booleans and RFC 3339 instants. A bad value answers 400 `invalidParameter`
 * naming the parameter (`locationType: 'parameter'`), with Google's wording.
 */
import { DateTime } from 'luxon';
import { GoogleApiFailure } from './http.ts';

const invalid = (name: string, message: string): GoogleApiFailure => new GoogleApiFailure(400, 'invalidParameter', message, 'global', {}, name);

export function enumParam(query: URLSearchParams, name: string, values: readonly string[]): string | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  if (!values.includes(value)) throw invalid(name, `Invalid value '${value}'. Values must match the following regular expression: '${values.join('|')}'`);
  return value;
}

export function intParam(query: URLSearchParams, name: string, min: number, max = 2_147_483_647): number | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  if (!/^-?\d+$/.test(value)) throw invalid(name, `Invalid value '${value}'. Values must be an integer.`);
  const number = Number(value);
  if (number < min || number > max) throw invalid(name, `Invalid value '${value}'. Values must be within the range: [${min}, ${max}]`);
  return number;
}

export function boolParam(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  if (value === null) return false;
  if (value !== 'true' && value !== 'false') throw invalid(name, `Invalid value '${value}'. Values must be true or false.`);
  return value === 'true';
}

/** An RFC 3339 timestamp with a mandatory offset, in epoch milliseconds. */
export function instantParam(query: URLSearchParams, name: string): number | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  const parsed = /(Z|[+-]\d\d:\d\d)$/i.test(value) ? DateTime.fromISO(value, { setZone: true }) : DateTime.invalid('no offset');
  if (!parsed.isValid) throw new GoogleApiFailure(400, 'badRequest', 'Bad Request');
  return parsed.toMillis();
}

export const SEND_UPDATES = ['all', 'externalOnly', 'none'] as const;

/** The write parameters shared by insert, patch and delete. */
export function writeParams(query: URLSearchParams): { sendUpdates: string | undefined; conference: boolean } {
  const sendUpdates = enumParam(query, 'sendUpdates', SEND_UPDATES);
  const version = intParam(query, 'conferenceDataVersion', 0, 1);
  intParam(query, 'maxAttendees', 1);
  return { sendUpdates, conference: version === 1 };
}
