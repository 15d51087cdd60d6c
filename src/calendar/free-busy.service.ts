import type { SlotMember } from '../core/slots/index.ts';
import { calendarApi, type GoogleConnection } from '../google/auth.ts';
import { queryFreeBusy } from '../google/calendar.ts';

const MAX_WINDOW_MS = 90 * 86_400_000;

/**
 * Free/busy for everyone in a wave's pods at once: one `freeBusy.query` per 50 calendars (pods
 * batched together, so 2,000 pods of 4–5 take ~180 requests, not 2,000), over the commitment
 * window (Google allows about 90 days; longer commitments read the first 90). A calendar Google
 * cannot read comes back `unreadable`: it counts as free inside working hours and the pod is told.
 * Any failure of the whole call leaves slot finding on working hours alone.
 */
export async function membersWithBusy(
  google: GoogleConnection, organizer: string, people: readonly { id: string; email: string; zone: string }[], from: Date, to: Date,
): Promise<{ members: Map<string, SlotMember>; read: boolean }> {
  const members = new Map(people.map((p) => [p.id, { id: p.id, zone: p.zone } as SlotMember]));
  const end = new Date(Math.min(to.getTime(), from.getTime() + MAX_WINDOW_MS));
  try {
    const result = await queryFreeBusy(calendarApi(google, organizer), people.map((p) => p.email), from, end);
    for (const p of people) {
      const fb = result.get(p.email);
      if (!fb || 'error' in fb) members.set(p.id, { id: p.id, zone: p.zone, unreadable: true });
      else members.set(p.id, { id: p.id, zone: p.zone, busy: fb.busy.map((b) => ({ start: b.start.getTime(), end: b.end.getTime() })) });
    }
    return { members, read: true };
  } catch {
    return { members, read: false };
  }
}
