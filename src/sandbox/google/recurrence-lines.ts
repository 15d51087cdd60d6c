/**
 * EXDATE and RDATE lines of a recurrence (RFC 5545 §3.8.5): `EXDATE:20250331T080000Z`,
 * `EXDATE;TZID=Europe/Berlin:20250331T100000,20250407T100000`, `RDATE;VALUE=DATE:20250401`.
 * A value without `Z` or TZID is a wall time in the event's zone. PERIOD values are refused.
 */
import { DateTime } from 'luxon';
import { badRequest } from './http.ts';

export interface DateListEntry {
  /** For date-time values: the instant (in the zone it was written in). */
  instant?: DateTime;
  /** For VALUE=DATE values: the ISO date (yyyy-mm-dd). */
  date?: string;
}

export function parseDateList(line: string, eventZone: string): DateListEntry[] {
  const colon = line.indexOf(':');
  if (colon < 0) throw badRequest('Invalid recurrence rule.');
  const [name = '', ...params] = line.slice(0, colon).split(';');
  const values = line.slice(colon + 1).split(',').filter((v) => v !== '');
  let zone = eventZone;
  let dateOnly = false;
  for (const param of params) {
    const [key = '', value = ''] = param.split('=');
    if (key.toUpperCase() === 'TZID') zone = value;
    else if (key.toUpperCase() === 'VALUE' && value.toUpperCase() === 'DATE') dateOnly = true;
    else if (key.toUpperCase() === 'VALUE' && value.toUpperCase() === 'DATE-TIME') dateOnly = false;
    else throw badRequest(`Invalid recurrence rule: the emulator does not model ${name.toUpperCase()} parameter ${key}.`);
  }
  if (!DateTime.local().setZone(zone).isValid) throw badRequest(`Invalid recurrence rule: unknown time zone ${zone}.`);
  return values.map((value) => {
    if (dateOnly || /^\d{8}$/.test(value)) {
      const date = DateTime.fromFormat(value, 'yyyyMMdd', { zone });
      if (!date.isValid) throw badRequest(`Invalid recurrence rule: bad ${name.toUpperCase()} value ${value}.`);
      return { date: date.toISODate() ?? '' };
    }
    const utc = value.endsWith('Z');
    const instant = DateTime.fromFormat(value, utc ? "yyyyMMdd'T'HHmmss'Z'" : "yyyyMMdd'T'HHmmss", { zone: utc ? 'UTC' : zone });
    if (!instant.isValid) throw badRequest(`Invalid recurrence rule: bad ${name.toUpperCase()} value ${value}.`);
    return { instant };
  });
}
