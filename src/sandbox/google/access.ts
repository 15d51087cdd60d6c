/**
 * Who may use a calendar. A token acts as one user (`sandbox:<email>`, as a domain-wide
 * delegation subject does); their own calendar is theirs, another calendar only as its ACL says
 * (CalendarStore.share). Google hides calendars a user cannot see behind 404 notFound, and
 * answers 403 requiredAccessLevel to a reader who tries to write.
 */
import { GoogleApiFailure, notFound } from './http.ts';
import type { CalendarStore } from './calendar-store.ts';

export function requireAccess(store: CalendarStore, user: string, calendarId: string, need: 'read' | 'write'): void {
  if (!store.exists(calendarId)) throw notFound();
  const role = store.roleOf(user, calendarId);
  if (role === undefined || role === 'freeBusyReader') throw notFound();
  if (need === 'write' && role === 'reader') throw new GoogleApiFailure(403, 'requiredAccessLevel', 'You need to have writer access to this calendar.');
}

/** 412 when an If-Match etag no longer matches what is stored (someone else wrote since). */
export function requireEtag(ifMatch: string | string[] | undefined, etag: string | null | undefined): void {
  if (ifMatch === undefined) return;
  const wanted = Array.isArray(ifMatch) ? ifMatch : [ifMatch];
  if (wanted.includes('*') || wanted.includes(etag ?? '')) return;
  throw new GoogleApiFailure(412, 'conditionNotMet', 'Precondition Failed');
}
