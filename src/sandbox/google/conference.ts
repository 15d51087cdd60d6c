/**
 * Google Meet links as the emulator plays them: Google creates the conference asynchronously, so
 * an insert with conferenceDataVersion=1 answers createRequest.status 'pending', and a later
 * read sees 'success' with hangoutLink and entry points (or 'failure' and no link, when a test
 * asked for a failed creation).
 */
import { createHash } from 'node:crypto';
import type { calendar_v3 } from 'googleapis';
import type { StoredEvent } from './calendar-store.ts';

export function pendingConference(createRequest: calendar_v3.Schema$CreateConferenceRequest): calendar_v3.Schema$ConferenceData {
  return { createRequest: { ...createRequest, status: { statusCode: 'pending' } } };
}

/** Completes a pending conference (called on the next read of the event). */
export function resolveConference(record: StoredEvent): void {
  const request = record.event.conferenceData?.createRequest;
  record.conferencePending = false;
  if (!request) return;
  if (record.conferenceOutcome === 'failure') {
    record.event.conferenceData = { createRequest: { ...request, status: { statusCode: 'failure' } } };
    return;
  }
  const letters = createHash('sha1').update(`${record.event.id}/${request.requestId}`).digest('hex').replace(/\d/g, (d) => 'abcdefghij'[Number(d)] ?? 'a');
  const code = `${letters.slice(0, 3)}-${letters.slice(3, 7)}-${letters.slice(7, 10)}`;
  const uri = `https://meet.google.com/${code}`;
  record.event.hangoutLink = uri;
  record.event.conferenceData = {
    createRequest: { ...request, status: { statusCode: 'success' } },
    entryPoints: [{ entryPointType: 'video', uri, label: `meet.google.com/${code}` }],
    conferenceSolution: { key: { type: 'hangoutsMeet' }, name: 'Google Meet', iconUri: 'https://fonts.gstatic.com/s/i/productlogos/meet_2020q4/v6/web-512dp/logo_meet_2020q4_color_2x_web_512dp.png' },
    conferenceId: code,
  };
}

