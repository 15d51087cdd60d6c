import { busyMembers } from '../core/slots/fit.ts';
import type { Db } from '../db.ts';
import type { GoogleConnection } from '../google/auth.ts';
import type { PodSlot } from '../pods/pod.table.ts';
import { calendarSettingsOf, type CalendarSettings } from './booking.service.ts';
import { membersWithBusy } from './free-busy.service.ts';
import { currentMembers, isUuid, type CurrentMember } from './reschedule.repository.ts';

/** A click waits this long at most for free/busy (Slack wants its ack within 3 s). */
const CHECK_BUDGET_MS = 1_500;

/**
 * Before a chosen option is applied: free/busy read again over its occurrences, for the pod's
 * current members. Returns the members now busy at an occurrence where they were free when the
 * options were offered (empty: it still fits, or nothing can be told). Read before the move's
 * transaction (no lock held across a Google call); the move re-checks the offer itself.
 *
 * What cannot be told counts as "still fits", as a calendar that cannot be read counts as free
 * when slots are found: no calendar connected, an option found without free/busy, an offer or
 * clicker the move will refuse anyway, or Google not answering within the click's budget.
 */
export async function newlyBusy(
  deps: { db: Db; google?: GoogleConnection; config?: Parameters<typeof calendarSettingsOf>[0] },
  input: { offerId: string; option: number; slackUserId: string },
): Promise<CurrentMember[]> {
  const settings: CalendarSettings = calendarSettingsOf(deps.config ?? {});
  if (!deps.google || !settings.enabled || !isUuid(input.offerId)) return [];
  const offer = await deps.db.selectFrom('reschedule_offer').innerJoin('pod', 'pod.id', 'reschedule_offer.pod_id').innerJoin('wave', 'wave.id', 'pod.wave_id')
    .innerJoin('programme', 'programme.id', 'wave.programme_id')
    .select(['reschedule_offer.state', 'reschedule_offer.options', 'reschedule_offer.pod_id as podId', 'programme.calendar_organizer as organizer'])
    .where('reschedule_offer.id', '=', input.offerId).executeTakeFirst();
  const option: PodSlot | undefined = offer?.state === 'offered' ? offer.options[input.option] : undefined;
  if (!offer || !option || !option.freeBusy || option.occurrences.length === 0) return [];
  const members = await currentMembers(deps.db, offer.podId);
  if (!members.some((m) => m.slackUserId === input.slackUserId)) return [];
  const from = new Date(option.occurrences[0]!.start);
  const to = new Date(Math.max(...option.occurrences.map((o) => Date.parse(o.end))));
  const read = await Promise.race([
    membersWithBusy(deps.google, offer.organizer ?? settings.organizer, members.map((m) => ({ id: m.id, email: m.email, zone: m.zone })), from, to, { maxWaitMs: CHECK_BUDGET_MS }),
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), CHECK_BUDGET_MS * 2).unref()),
  ]);
  if (!read?.read) return [];
  const now = [...read.members.values()];
  const busy = new Set<string>();
  for (const o of option.occurrences) {
    const before = new Set(o.busy);
    for (const id of busyMembers(now, Date.parse(o.start), Date.parse(o.end))) if (!before.has(id)) busy.add(id);
  }
  return members.filter((m) => busy.has(m.id));
}
