import type { calendar_v3 } from 'googleapis';
import { calendarAs } from '../../../src/sandbox/google/attendee-client.ts';
import type { GoogleEmulator } from '../../../src/sandbox/google/emulator.ts';

/** The real googleapis client acting as `email` (token `sandbox:<email>`, library retries off). */
export const clientAs = (emulator: GoogleEmulator, email: string): calendar_v3.Calendar => calendarAs(emulator.rootUrl, email);

export interface Failure {
  status: number | undefined;
  reason: string | undefined;
  body: { error?: { code?: number; message?: string; errors?: Array<{ domain?: string; reason?: string; location?: string; locationType?: string }>; status?: string } } | undefined;
}

/** What a rejected googleapis call answered (status, Google's reason, the error body). */
export async function failureOf(promise: Promise<unknown>): Promise<Failure> {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  const e = error as { status?: number; response?: { status?: number; data?: Failure['body'] } };
  const body = e.response?.data;
  return { status: e.response?.status ?? e.status, reason: body?.error?.errors?.[0]?.reason, body };
}

/** A weekly pod series: Mondays 10:00 Europe/Berlin from 24 March 2025, across the DST change. */
export const podSeries = (id: string, attendees: string[], extra: calendar_v3.Schema$Event = {}): calendar_v3.Schema$Event => ({
  id,
  summary: 'Pod 7',
  start: { dateTime: '2025-03-24T10:00:00', timeZone: 'Europe/Berlin' },
  end: { dateTime: '2025-03-24T11:00:00', timeZone: 'Europe/Berlin' },
  recurrence: ['RRULE:FREQ=WEEKLY;COUNT=6'],
  attendees: attendees.map((email) => ({ email })),
  ...extra,
});

export const april = { timeMin: '2025-03-20T00:00:00Z', timeMax: '2025-05-20T00:00:00Z' };
