/**
 * Attendee lists as Google keeps them: an answer belongs to the attendee, so an organiser's
 * patched list keeps every existing `responseStatus` (new guests start at needsAction); a list
 * sent with `attendeesOmitted: true` updates only the entries it names; and each calendar sees
 * `self` on its own entry and `organizer` on the organiser's.
 */
import type { calendar_v3 } from 'googleapis';

export type Attendee = calendar_v3.Schema$EventAttendee;

const lower = (email: string | null | undefined): string => (email ?? '').toLowerCase();

/** A new event's attendees: what the client may set, statuses defaulting to needsAction. */
export function initialAttendees(input: readonly Attendee[] | undefined): Attendee[] | undefined {
  return input?.map((a) => clean({ ...a, email: lower(a.email), responseStatus: a.responseStatus ?? 'needsAction' }));
}

/**
 * The organiser's patch of the list. Existing guests keep their answer (only they change it);
 * with `omitted` the body names a subset to update and nobody is removed.
 */
export function organiserPatch(current: readonly Attendee[] | undefined, body: readonly Attendee[], omitted: boolean, organiser: string): Attendee[] {
  const existing = new Map((current ?? []).map((a) => [lower(a.email), a]));
  const next = body.map((a) => {
    const email = lower(a.email);
    const before = existing.get(email);
    const keepAnswer = before !== undefined && email !== organiser;
    return clean({ ...before, ...a, email, responseStatus: keepAnswer ? before.responseStatus : (a.responseStatus ?? before?.responseStatus ?? 'needsAction') });
  });
  if (!omitted) return next;
  const named = new Set(next.map((a) => a.email));
  return [...(current ?? []).filter((a) => !named.has(lower(a.email))), ...next];
}

/** A guest's own answer applied to the shared list (their entry only). */
export function guestAnswer(current: readonly Attendee[] | undefined, guest: string, entry: Attendee): Attendee[] {
  return (current ?? []).map((a) =>
    lower(a.email) === guest
      ? clean({ ...a, responseStatus: entry.responseStatus ?? a.responseStatus, comment: entry.comment ?? a.comment, additionalGuests: entry.additionalGuests ?? a.additionalGuests })
      : a,
  );
}

/** The list as calendar `viewer` sees it: self/organizer flags; only the viewer's entry when omitted. */
export function attendeesFor(list: readonly Attendee[] | undefined, viewer: string, organiser: string, keepOnlySelf: boolean): Attendee[] | undefined {
  if (!list) return undefined;
  const flagged = list.map((a) => clean(a, { self: lower(a.email) === viewer, organizer: lower(a.email) === organiser }));
  return keepOnlySelf ? flagged.filter((a) => a.self) : flagged;
}

export function emailsOf(list: readonly Attendee[] | undefined): string[] {
  return (list ?? []).map((a) => lower(a.email));
}

/** The guest's entry, if `email` is on the list. */
export function entryOf(list: readonly Attendee[] | undefined, email: string): Attendee | undefined {
  return (list ?? []).find((a) => lower(a.email) === email);
}

/** Stored entries carry no viewer flags (a client may send back what it read); views add them. */
function clean(attendee: Attendee, flags: { self: boolean; organizer: boolean } = { self: false, organizer: false }): Attendee {
  const { self: _self, organizer: _organizer, ...rest } = attendee;
  const out: Record<string, unknown> = { ...rest, ...(flags.organizer ? { organizer: true } : {}), ...(flags.self ? { self: true } : {}) };
  for (const [key, value] of Object.entries(out)) if (value === undefined || value === null) delete out[key];
  return out as Attendee;
}
