import { recordAudit } from '../audit/audit.repository.ts';
import type { Config } from '../config.ts';
import type { Db, Tx } from '../db.ts';
import type { Intent } from '../outbox/effects.ts';
import { withOutbox } from '../outbox/outbox.service.ts';
import type { Clock } from '../platform/clock.ts';
import type { Pod, PodSlot } from '../pods/pod.table.ts';
import type { GoogleConnection } from '../google/auth.ts';
import type { Enqueue } from '../queue/enqueue.ts';
import type { Queues } from '../queues.ts';
import { podMovedMessage, rescheduleChosenMessage } from '../slack/blocks/reschedule.blocks.ts';
import { asPayload, loadWaveContext } from '../waves/invite-messages.ts';
import { bookSeries, calendarSettingsOf } from './booking.service.ts';
import { NotInPodError, RescheduleNoLongerFreeError, RescheduleStaleError } from './reschedule.errors.ts';
import { newlyBusy } from './reschedule-check.service.ts';
import { offeredSlotOf, optionsKey, toPod } from './reschedule-offer.service.ts';
import { isUuid, lockPod, memberBySlackId, MOVABLE_POD, currentMembers, sessionsAhead, type CurrentMember } from './reschedule.repository.ts';

export interface RescheduleDeps {
  db: Db;
  clock: Clock;
  enqueue: Enqueue<Queues>;
  config?: Partial<Pick<Config, 'CALENDAR_BOOKING' | 'GOOGLE_CALENDAR_ORGANIZER' | 'GOOGLE_ADMIN_EMAIL' | 'SLACK_APP_ID'>>;
  /** To re-read free/busy when an option is chosen (without it, the option is applied as offered). */
  google?: GoogleConnection;
}

type Emit = (intent: Intent) => void;
/** A second press of "Find a new time" this soon reuses the open offer instead of a new one. */
const OPEN_OFFER_MS = 10 * 60_000;

/** The pod's next session and whether it can still move; throws the stale answer otherwise. */
async function movablePod(trx: Tx, podId: string, slackUserId: string, now: Date): Promise<{ pod: Pod; me: CurrentMember }> {
  const pod = await lockPod(trx, podId);
  const me = pod ? await memberBySlackId(trx, pod.id, slackUserId) : undefined;
  if (!pod || !me) throw new NotInPodError();
  if (!(MOVABLE_POD as readonly string[]).includes(pod.status)) throw new RescheduleStaleError(`${pod.name} has ended, so its time can no longer change.`);
  return { pod, me };
}

async function auditRefused(db: Db, action: string, slackUserId: string, subject: Record<string, unknown>, now: Date): Promise<void> {
  const person = await db.selectFrom('person').select('id').where('slack_user_id', '=', slackUserId).executeTakeFirst();
  await recordAudit(db, { actorId: person?.id ?? null, actorSlackId: slackUserId, action, allowed: false, subject, detail: 'refused: not a current member of the pod' }, now);
}

/**
 * "Find a new time", pressed in the pod's group DM: the clicker must be a current member of the
 * pod (from the signed request's user; refusals audited). Stores the request (an offer to be
 * filled in by the `reschedule-offer` job, which reads free/busy); `fresh` is false when an open
 * offer of the last minutes is reused, so a double click posts one set of options.
 */
export async function requestNewTime(deps: RescheduleDeps, input: { podId: string; slackUserId: string }): Promise<{ offerId: string; fresh: boolean }> {
  const now = deps.clock.now();
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const { pod, me } = await movablePod(trx, input.podId, input.slackUserId, now);
      if ((await sessionsAhead(trx, pod.id, now)).length === 0) throw new RescheduleStaleError(`${pod.name} has no sessions left to move.`);
      const open = await trx.selectFrom('reschedule_offer').select('id').where('pod_id', '=', pod.id).where('base', '=', pod.reschedules)
        .where('state', 'in', ['requested', 'offered']).where('created_at', '>', new Date(now.getTime() - OPEN_OFFER_MS)).orderBy('created_at', 'desc').executeTakeFirst();
      if (open) return { offerId: open.id, fresh: false };
      const offer = await trx.insertInto('reschedule_offer').values({ pod_id: pod.id, base: pod.reschedules, requested_by: me.id, created_at: now })
        .returning('id').executeTakeFirstOrThrow();
      await recordAudit(trx, { actorId: me.id, actorSlackId: input.slackUserId, action: 'pod.reschedule.request', allowed: true, subject: { podId: pod.id, offerId: offer.id } }, now);
      return { offerId: offer.id, fresh: true };
    });
  } catch (error) {
    if (error instanceof NotInPodError) await auditRefused(deps.db, 'pod.reschedule.request', input.slackUserId, { podId: input.podId }, now);
    throw error;
  }
}

/**
 * A member chose one of the offered slots: the pod's sessions from the next one on move to it.
 * In one transaction with the outbox intents: the session rows (new times, facilitators kept),
 * the pod's slot, and, when the pod has a calendar series, the split (the old series ends with
 * UNTIL just before the first moved occurrence, or is deleted if it had not begun; a new series
 * from the chosen date with the remaining count, its id derived from pod + split number), then
 * the pod is told. A stale choice (the pod moved since, a session passed, the pod ended) and a
 * second click change nothing.
 */
export async function chooseNewTime(deps: RescheduleDeps, input: { offerId: string; option: number; slackUserId: string }): Promise<{ startsAt: Date; part: number }> {
  const now = deps.clock.now();
  const offerPod = isUuid(input.offerId)
    ? (await deps.db.selectFrom('reschedule_offer').select('pod_id').where('id', '=', input.offerId).executeTakeFirst())?.pod_id
    : undefined;
  try {
    // Calendars change between the offer and the click: a slot that stopped fitting is not applied.
    const busy = await newlyBusy(deps, input);
    if (busy.length > 0) await offerAgain(deps, input, busy, now);
    return await withOutbox(deps, async (trx, emit) => {
      if (!offerPod) throw new NotInPodError();
      const { pod, me } = await movablePod(trx, offerPod, input.slackUserId, now);
      const offer = await trx.selectFrom('reschedule_offer').selectAll().where('id', '=', input.offerId).forUpdate().executeTakeFirstOrThrow();
      if (offer.state === 'chosen') {
        throw new RescheduleStaleError(offer.chosen === input.option ? 'Done already: the pod has moved to that time.' : 'Another option was already chosen; the pod has moved to it.');
      }
      if (offer.base !== pod.reschedules) throw new RescheduleStaleError('The pod\'s time has changed since these options were offered. Press "Find a new time" for fresh ones.');
      const option = offer.options[input.option];
      if (offer.state !== 'offered' || !option) throw new RescheduleStaleError('That option is not on offer.');
      const ahead = await sessionsAhead(trx, pod.id, now);
      if (ahead[0]?.index !== offer.from_index || ahead.length !== option.occurrences.length || Date.parse(option.occurrences[0]!.start) <= now.getTime()) {
        throw new RescheduleStaleError('A session has taken place since these options were offered. Press "Find a new time" for fresh ones.');
      }
      const part = await moveSessions(trx, emit, deps, pod, option, ahead, now);
      await trx.updateTable('reschedule_offer').set({ state: 'chosen', chosen: input.option, chosen_by: me.id, chosen_at: now }).where('id', '=', offer.id).execute();
      await recordAudit(trx, { actorId: me.id, actorSlackId: input.slackUserId, action: 'pod.reschedule.choose', allowed: true, subject: { podId: pod.id, offerId: offer.id, option: input.option, part } }, now);
      const members = await currentMembers(trx, pod.id);
      const zone = option.zone;
      const shown = offeredSlotOf(option);
      emit({ key: `${optionsKey(pod.id, offer.id)}/chosen`, kind: 'slack.update', payload: { messageKey: optionsKey(pod.id, offer.id), ...asPayload(rescheduleChosenMessage({ chosenBy: me.slackUserId, option: input.option, slot: shown, zone })) } });
      const told = toPod(pod.slack_channel_id, members, `pod/${pod.id}/reschedule/${pod.reschedules + 1}/moved`, asPayload(podMovedMessage({
        podName: pod.name, movedBy: me.slackUserId, fromSession: offer.from_index!, slot: shown, zone, calendar: part !== null,
      })));
      if (told) emit(told);
      return { startsAt: new Date(option.occurrences[0]!.start), part: part ?? pod.reschedules + 1 };
    });
  } catch (error) {
    if (error instanceof NotInPodError) await auditRefused(deps.db, 'pod.reschedule.choose', input.slackUserId, { offerId: input.offerId }, now);
    throw error;
  }
}

/**
 * The chosen option stopped fitting (members now busy then): nothing moves; a fresh request is
 * stored (the offer job posts new options to the pod) and the clicker is told why. When the offer
 * changed meanwhile (chosen, the pod moved), the ordinary stale answers of chooseNewTime apply.
 */
async function offerAgain(deps: RescheduleDeps, input: { offerId: string; option: number; slackUserId: string }, busy: CurrentMember[], now: Date): Promise<void> {
  const fresh = await deps.db.transaction().execute(async (trx) => {
    const offer = await trx.selectFrom('reschedule_offer').select(['pod_id', 'state', 'base']).where('id', '=', input.offerId).executeTakeFirst();
    if (!offer) return undefined;
    const { pod, me } = await movablePod(trx, offer.pod_id, input.slackUserId, now);
    const current = await trx.selectFrom('reschedule_offer').select(['state', 'base']).where('id', '=', input.offerId).forUpdate().executeTakeFirstOrThrow();
    if (current.state !== 'offered' || current.base !== pod.reschedules) return undefined;
    const row = await trx.insertInto('reschedule_offer').values({ pod_id: pod.id, base: pod.reschedules, requested_by: me.id, created_at: now }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorId: me.id, actorSlackId: input.slackUserId, action: 'pod.reschedule.reoffer', allowed: true,
      subject: { podId: pod.id, offerId: input.offerId, option: input.option, freshOfferId: row.id, nowBusy: busy.map((m) => m.id) },
    }, now);
    return row.id;
  });
  if (fresh === undefined) return;
  const names = busy.map((m) => (m.slackUserId ? `<@${m.slackUserId}>` : m.name));
  const who = names.length === 1 ? `${names[0]} is` : `${names.slice(0, -1).join(', ')} and ${names.at(-1)} are`;
  throw new RescheduleNoLongerFreeError(`That time no longer fits: ${who} now busy then (their calendar changed since it was offered). Nothing was moved; fresh options are on their way to this chat.`, fresh);
}

/**
 * Moves the sessions ahead to `option` (same indexes, facilitators kept) and splits the calendar
 * series; returns the new series' part, or null when the pod has no calendar series.
 */
async function moveSessions(trx: Tx, emit: Emit, deps: RescheduleDeps, pod: Pod, option: PodSlot, ahead: { id: string; index: number; starts_at: Date }[], now: Date): Promise<number | null> {
  const byIndex = new Map(option.occurrences.map((o) => [o.index, o]));
  for (const s of ahead) {
    const o = byIndex.get(s.index)!;
    await trx.updateTable('pod_session').set({
      starts_at: new Date(o.start), ends_at: new Date(o.end), moved: o.moved, conflicts: o.busy.length,
      calendar_event_id: null, calendar_instance_id: null, updated_at: now,
    }).where('id', '=', s.id).execute();
    await refreshSessionNudges(trx, s.id);
  }
  const from = ahead[0]!.index;
  const old = pod.slot!;
  const occurrences = [...old.occurrences.filter((o) => o.index < from), ...option.occurrences];
  const slot: PodSlot = {
    ...option, occurrences, members: option.members,
    conflicts: occurrences.reduce((n, o) => n + o.busy.length, 0), exceptions: occurrences.filter((o) => o.moved).length,
  };
  const reschedules = pod.reschedules + 1;
  await trx.updateTable('pod').set({ slot: JSON.stringify(slot) as unknown as PodSlot, recurrence_zone: slot.zone, reschedules }).where('id', '=', pod.id).execute();

  const settings = calendarSettingsOf(deps.config ?? {});
  const series = await trx.selectFrom('calendar_series').selectAll().where('pod_id', '=', pod.id).where('state', 'in', ['pending', 'booked']).execute();
  if (!settings.enabled || series.length === 0) return null;
  // The old rule's occurrence of the first moved session: the old series stops just before it.
  const cut = Date.parse(old.occurrences.find((o) => o.index === from)?.nominal ?? ahead[0]!.starts_at.toISOString());
  for (const s of series) {
    if (s.from_index >= from) emit({ key: `pod/${pod.id}/series/${s.part}/cancel`, kind: 'google.series.cancel', payload: { podId: pod.id, calendarId: s.organizer, eventId: s.event_id } });
    else emit({ key: `pod/${pod.id}/series/${s.part}/split`, kind: 'google.series.end', payload: { podId: pod.id, calendarId: s.organizer, eventId: s.event_id, until: new Date(cut - 1_000).toISOString() } });
  }
  const maxPart = Math.max(...series.map((s) => s.part), ...(await trx.selectFrom('calendar_series').select('part').where('pod_id', '=', pod.id).execute()).map((s) => s.part));
  const part = Math.max(reschedules, maxPart + 1);
  const ctx = await loadWaveContext(trx, pod.wave_id);
  const members = await currentMembers(trx, pod.id);
  await bookSeries(trx, emit, settings, {
    podId: pod.id, podName: pod.name, programmeName: ctx.programme.name, guide: ctx.programme.facilitation_guide,
    organizer: ctx.programme.calendar_organizer, slot, occurrences: option.occurrences, part, memberIds: members.map((m) => m.id),
  }, now);
  return part;
}

/**
 * A moved session's prompt and reminder are worked out again for its new time: held ones (not
 * sent yet) are withdrawn so the rhythm tick plans them anew; when something already went out,
 * the session's messages take fresh keys (version + 1) so its reminder and check-in still come.
 */
async function refreshSessionNudges(trx: Tx, sessionId: string): Promise<void> {
  const rows = await trx.selectFrom('nudge').select(['id', 'state']).where('key', 'like', `session/${sessionId}/%`).execute();
  const held = rows.filter((r) => r.state === 'planned').map((r) => r.id);
  if (held.length) await trx.deleteFrom('nudge').where('id', 'in', held).execute();
  if (rows.some((r) => r.state === 'sent')) {
    await trx.updateTable('session_checkin').set((eb) => ({ version: eb('version', '+', 1), asked_at: null, followed_up_at: null }))
      .where('session_id', '=', sessionId).where('outcome', 'is', null).execute();
  }
}
