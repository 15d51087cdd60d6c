/**
 * Which Event fields a client may write, and the values Google accepts for the enumerated ones
 * (from the discovery document's Event schema, revision 20230217). Read-only fields in a body
 * (created, updated, creator, organizer, htmlLink, hangoutLink, eventType, locked, …) are ignored
 * on insert and patch, as Google ignores them; an id is kept on insert only, iCalUID on import only.
 */
import type { calendar_v3 } from 'googleapis';
import { badRequest, isRecord } from './http.ts';

type CalendarEvent = calendar_v3.Schema$Event;

/** Fields stored as given (after validation) on insert and merged on patch. */
export const WRITABLE_FIELDS = [
  'anyoneCanAddSelf', 'attachments', 'colorId', 'description', 'endTimeUnspecified', 'extendedProperties', 'gadget',
  'guestsCanInviteOthers', 'guestsCanModify', 'guestsCanSeeOtherGuests', 'location', 'privateCopy', 'reminders',
  'source', 'status', 'summary', 'transparency', 'visibility',
] as const;

/** Written through their own rules (times normalised, attendees merged, conference created, ids checked). */
export const SPECIAL_FIELDS = ['attendees', 'attendeesOmitted', 'conferenceData', 'end', 'id', 'recurrence', 'start', 'sequence', 'originalStartTime'] as const;

/** Fields a guest may change on their own copy without touching the organiser's event. */
export const PERSONAL_FIELDS = ['colorId', 'reminders', 'transparency'] as const;

const ENUMS: Record<string, readonly string[]> = {
  status: ['confirmed', 'tentative', 'cancelled'],
  transparency: ['opaque', 'transparent'],
  visibility: ['default', 'public', 'private', 'confidential'],
};
export const RESPONSE_STATUSES = ['needsAction', 'declined', 'tentative', 'accepted'] as const;

/** The writable plain fields of a body, validated; unknown and read-only fields dropped. */
export function writableFields(body: CalendarEvent): Partial<CalendarEvent> {
  const out: Record<string, unknown> = {};
  for (const name of WRITABLE_FIELDS) {
    const value = (body as Record<string, unknown>)[name];
    if (value === undefined) continue;
    const allowed = ENUMS[name];
    if (allowed && value !== null && !allowed.includes(value as string)) throw badRequest(`Invalid value for: ${name}`);
    if (name === 'extendedProperties' && value !== null) checkExtendedProperties(value);
    out[name] = value;
  }
  for (const attendee of body.attendees ?? []) {
    if (!isRecord(attendee) || typeof attendee['email'] !== 'string' || !attendee['email'].includes('@')) throw badRequest('Invalid attendee email.', 'invalid');
    const status = attendee['responseStatus'];
    if (status != null && !(RESPONSE_STATUSES as readonly unknown[]).includes(status)) throw badRequest('Invalid value for: responseStatus', 'invalid');
  }
  return out as Partial<CalendarEvent>;
}

function checkExtendedProperties(value: unknown): void {
  if (!isRecord(value)) throw badRequest('Invalid value for: extendedProperties');
  for (const scope of ['private', 'shared']) {
    const map = value[scope];
    if (map === undefined || map === null) continue;
    if (!isRecord(map) || Object.values(map).some((v) => typeof v !== 'string' && v !== null)) throw badRequest(`Invalid value for: extendedProperties.${scope}`);
  }
}

/** Google's patch semantics: objects merge field by field, arrays and scalars replace, null clears. */
export function mergePatch<T extends Record<string, unknown>>(current: T, changes: Record<string, unknown>): T {
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete next[key];
    else if (isRecord(value) && isRecord(next[key])) next[key] = mergePatch(next[key] as Record<string, unknown>, value);
    else next[key] = value;
  }
  return next as T;
}
