/**
 * For tests and the demo: act as a guest through the real googleapis client, as their own
 * calendar would. `answerInvitation` is what Google Calendar does when someone clicks Yes/No/
 * Maybe: a patch of their copy naming only their own entry (`attendeesOmitted: true`), so the
 * organiser's event shows the answer. Give an instance id to answer one occurrence only.
 */
import type { calendar_v3 } from 'googleapis';
import { calendarApi } from '../../google/auth.ts';

export type ResponseStatus = 'needsAction' | 'declined' | 'tentative' | 'accepted';

/** A Calendar client acting as `email` (token `sandbox:<email>`) against the emulator at `rootUrl`. */
export function calendarAs(rootUrl: string, email: string): calendar_v3.Calendar {
  return calendarApi({ mode: 'sandbox', rootUrl }, email);
}

/** `email` answers the invitation `eventId` (a series, or one instance id) on their own calendar. */
export async function answerInvitation(rootUrl: string, email: string, eventId: string, responseStatus: ResponseStatus, comment?: string): Promise<calendar_v3.Schema$Event> {
  const response = await calendarAs(rootUrl, email).events.patch({
    calendarId: 'primary',
    eventId,
    requestBody: { attendeesOmitted: true, attendees: [{ email, responseStatus, ...(comment ? { comment } : {}) }] },
  });
  return response.data;
}
