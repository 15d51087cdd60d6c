import { calendarSettingsOf } from '../calendar/booking.service.ts';
import { membersWithBusy } from '../calendar/free-busy.service.ts';
import type { Config } from '../config.ts';
import type { SlotMember } from '../core/slots/index.ts';
import type { GoogleConnection } from '../google/auth.ts';
import { effectiveSettings } from '../programmes/programme.service.ts';
import type { Programme } from '../programmes/programme.table.ts';
import type { Wave } from './wave.table.ts';

export interface BusyDeps {
  config?: Partial<Pick<Config, 'CALENDAR_BOOKING' | 'GOOGLE_CALENDAR_ORGANIZER' | 'GOOGLE_ADMIN_EMAIL' | 'SLACK_APP_ID'>>;
  google?: GoogleConnection;
}

/**
 * Free/busy of the people a wave is about to seat, over the whole commitment (from the invite
 * deadline to two cadences past the last session), in one batched read. The preview's pods and
 * the pods of teams added in flight both plan their slot from it, so an added pod meets when its
 * members are free, like every other pod. Without calendar booking (or Google) it reads nothing
 * and slot finding uses working hours alone (`read: false`).
 */
export async function wavePeopleBusy(
  deps: BusyDeps, programme: Programme, wave: Pick<Wave, 'settings' | 'start_week' | 'invite_deadline'>,
  people: readonly { id: string; email: string; timezone: string }[],
): Promise<{ members: Map<string, SlotMember>; read: boolean }> {
  const calendar = calendarSettingsOf(deps.config ?? {});
  if (!deps.google || !calendar.enabled || people.length === 0) return { members: new Map(), read: false };
  const settings = effectiveSettings(programme, wave.settings);
  const weeks = (settings.sessionCount + 2) * settings.cadenceWeeks;
  return membersWithBusy(deps.google, programme.calendar_organizer ?? calendar.organizer, people.map((c) => ({ id: c.id, email: c.email, zone: c.timezone })),
    wave.invite_deadline, new Date(Date.parse(`${wave.start_week}T00:00:00Z`) + weeks * 7 * 86_400_000));
}
