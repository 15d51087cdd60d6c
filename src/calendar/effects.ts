import { z } from 'zod';

/**
 * Calendar writes the outbox can deliver (queue `outbox-google`). Payloads are complete: the event
 * as it must look, the organiser whose calendar holds it, the pod to tell. Ids are deterministic
 * (pod + part), so a retried insert finds the event instead of booking it twice.
 */
const email = z.string().email();
const iso = z.string().datetime({ offset: true });
const wallTime = z.object({ dateTime: z.string().min(16), timeZone: z.string().min(1) });
const eventId = z.string().regex(/^[a-v0-9]{5,1024}$/);

export const googleEffectSchemas = {
  /** Book a pod round's recurring series (or the new part after a reschedule), with Meet. */
  'google.series.insert': z.object({
    podId: z.string().uuid(),
    part: z.number().int().min(0),
    calendarId: email,
    event: z.object({
      eventId, summary: z.string().min(1), description: z.string(), start: wallTime, end: wallTime,
      recurrence: z.array(z.string().startsWith('RRULE:')).min(1), attendees: z.array(email).max(50), meetRequestId: z.string().min(1),
      /** Set when this series continues an earlier one (a split): its Meet conference is reused. */
      meetUrl: z.string().url().optional(),
      exceptions: z.array(z.object({ instanceId: z.string().min(6), start: iso, end: iso })),
    }),
    /** Slack ids of the pod's group DM, where the Meet link is posted once Google has made it. */
    users: z.array(z.string().min(1)).max(8),
  }),
  /** Wait for the series' Meet link (Google creates it asynchronously), then post it to the pod. */
  'google.series.meet': z.object({ podId: z.string().uuid(), part: z.number().int().min(0), calendarId: email, eventId, users: z.array(z.string().min(1)).max(8) }),
  /** Set the series' attendees (answers of those who stay are kept). */
  'google.series.attendees': z.object({ podId: z.string().uuid(), calendarId: email, eventId, attendees: z.array(email).max(50) }),
  /** End the series before `until` (RRULE UNTIL): early close, or the old half of a reschedule. */
  'google.series.end': z.object({ podId: z.string().uuid(), calendarId: email, eventId, until: iso }),
  /** Delete a series none of whose occurrences is kept (a reschedule before its first session, or a round that ends before it met). */
  'google.series.cancel': z.object({ podId: z.string().uuid(), calendarId: email, eventId }),
} as const;

export type GoogleEffectKind = keyof typeof googleEffectSchemas;

export function isGoogleKind(kind: string): kind is GoogleEffectKind {
  return kind.startsWith('google.');
}
