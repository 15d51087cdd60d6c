import { matchPeople } from '../core/matching/match.ts';
import type { MatchResult } from '../core/matching/types.ts';
import type { FigureSnapshot } from '../core/rollout/preview-figures.ts';
import type { Db, Executor } from '../db.ts';
import { effectiveSettings, findProgramme, matchSettingsFor } from '../programmes/programme.service.ts';
import type { PodSlot } from '../pods/pod.table.ts';
import { planPodSlot } from '../pods/slot.service.ts';
import { wavePeopleBusy } from './wave-busy.ts';
import type { GoogleConnection } from '../google/auth.ts';
import type { Config } from '../config.ts';
import { loadOrgContext, matchPeopleOf, personCards, wavePool, type PersonCard } from './match-inputs.ts';
import { deadlineInstant, seedOf, type LaunchInput } from './launch-input.ts';
import { findWave, insertWave, lockWave, teamIdsOfWave, upsertWaveMembers } from './wave.repository.ts';
import type { WaveSettings } from './wave.table.ts';
import { askedToContinue } from '../retros/retro.repository.ts';

/** A wave that is not a draft any more cannot be previewed again. */
export class WaveNotDraftError extends Error {
  constructor(readonly waveId: string, readonly status: string) {
    super(`This wave is already ${status}; open "Launch wave" again to prepare a new one.`);
    this.name = 'WaveNotDraftError';
  }
}

/** What the lead sees before launching: proposed pods (stored as 'proposed') and the figures. */
export interface WavePreview {
  waveId: string;
  waveName: string;
  programmeName: string;
  startWeek: string;
  pods: { podId: string; name: string; members: PersonCard[]; score: number; allTeamsDistinct: boolean; window: string; relaxations: string[] }[];
  unplaced: { person: PersonCard; reason: string; suggestion: string }[];
  metrics: MatchResult['metrics'];
  /** The figures before the lead's last edit or re-run, and what that was, to show its effect. */
  previous?: { label: string; figures: FigureSnapshot };
}

/**
 * Creates the draft wave the preview and the launch work on. `preview` records the lead's request
 * (their modal and who they are) with it, so a lost preview job is redone by the reconciler.
 */
export async function createDraftWave(db: Db, input: LaunchInput, actorPersonId: string | null, now: Date, preview?: { viewId: string; slackUserId: string }) {
  const programme = await findProgramme(db, input.programmeId);
  if (!programme) throw new Error('That programme no longer exists; pick another.');
  const settings: WaveSettings = {
    ...(input.minSize !== undefined ? { minSize: input.minSize } : {}),
    ...(input.maxSize !== undefined ? { maxSize: input.maxSize } : {}),
    ...(input.sessionCount !== undefined ? { sessionCount: input.sessionCount } : {}),
    ...(input.sessionMinutes !== undefined ? { sessionMinutes: input.sessionMinutes } : {}),
  };
  return db.transaction().execute((trx) =>
    insertWave(trx, {
      programme_id: programme.id,
      name: `${programme.name} · week of ${input.startWeek}`,
      start_week: input.startWeek,
      invite_deadline: deadlineInstant(input.inviteDeadline),
      settings: JSON.stringify(settings) as unknown as WaveSettings,
      seed: seedOf(input),
      created_by: actorPersonId,
      created_at: now,
      ...(preview ? { preview_requested_at: now, preview_view_id: preview.viewId, preview_requested_by_slack: preview.slackUserId } : {}),
    }, input.teamIds));
}

/**
 * Matches the draft wave's pool and stores the result as proposed pods and wave members, replacing
 * an earlier preview. Launch invites exactly these pods, so what was previewed is what is sent.
 */
export async function previewWave(deps: { db: Db; timeLimitMs?: number; config?: { INCLUDE_GUESTS?: boolean } & Partial<Pick<Config, 'CALENDAR_BOOKING' | 'GOOGLE_CALENDAR_ORGANIZER' | 'GOOGLE_ADMIN_EMAIL' | 'SLACK_APP_ID'>>; google?: GoogleConnection }, waveId: string, now: Date): Promise<WavePreview> {
  const { db } = deps;
  const wave = await findWave(db, waveId);
  if (!wave) throw new Error(`wave ${waveId} not found`);
  if (wave.status !== 'draft') throw new WaveNotDraftError(waveId, wave.status);
  const programme = await findProgramme(db, wave.programme_id);
  if (!programme) throw new Error(`programme ${wave.programme_id} not found`);
  // Guests are invited only when the deployment says so (INCLUDE_GUESTS), as the roster imports them.
  // Whoever asked to continue a pod of this programme that then closed is offered this wave first.
  const firstInLine = (await askedToContinue(db, programme.id)).map((p) => p.personId);
  const pool = await wavePool(db, await teamIdsOfWave(db, waveId), { now, includeGuests: deps.config?.INCLUDE_GUESTS ?? false, firstInLine });
  const org = await loadOrgContext(db);
  const settings = matchSettingsFor(programme, wave.settings, wave.start_week, wave.seed, deps.timeLimitMs ?? 2_000);
  const result = matchPeople({ people: matchPeopleOf(pool, org.idByEmail), history: org.history ?? [], exclusions: org.exclusions ?? [], managerOf: org.managerOf ?? {} }, settings, now);
  const cards = new Map(pool.map((p) => [p.id, p]));

  // Free/busy for every placed person in one batched read (only where calendars are booked).
  const placed = result.pods.flatMap((p) => p.members).map((id) => cards.get(id)).filter((c) => c !== undefined);
  const busy = await wavePeopleBusy(deps, programme, wave, placed);
  const stored = await db.transaction().execute(async (trx) => {
    // Matching took a while without a lock: a launch or cancel may have happened meanwhile. The
    // wave lock serialises with them (wave before invite, as everywhere), and a wave that is no
    // longer a draft is left as it is.
    const locked = await lockWave(trx, waveId);
    if (!locked || locked.status !== 'draft') throw new WaveNotDraftError(waveId, locked?.status ?? 'gone');
    await trx.deleteFrom('pod').where('wave_id', '=', waveId).where('status', '=', 'proposed').execute();
    await trx.deleteFrom('wave_member').where('wave_id', '=', waveId).execute();
    // The slot each pod would meet at is chosen now, so the invite can say when (in each reader's
    // zone); nothing may start before the invitations close.
    const slotCtx = { programme, settings: effectiveSettings(programme, wave.settings), startWeek: wave.start_week };
    const slots = result.pods.map((p) => planPodSlot(slotCtx, p.members.map((id) => busy.members.get(id) ?? { id, zone: cards.get(id)?.timezone ?? 'UTC' }), { notBefore: wave.invite_deadline, freeBusy: busy.read }));
    const pods = await insertProposedPods(trx, waveId, result, settings, slots, now);
    // Kept with the draft: reopened from the home tab, it shows the same figures without matching again.
    // The figures before a lead's re-run stay with it, so the new preview shows the change.
    const { previous } = (locked.preview_metrics ?? {}) as { previous?: WavePreview['previous'] };
    await trx.updateTable('wave').set({ preview_metrics: JSON.stringify({ ...result.metrics, ...(previous ? { previous } : {}) }) as unknown as Record<string, unknown> }).where('id', '=', waveId).execute();
    await upsertWaveMembers(trx, [
      ...result.pods.flatMap((p) => p.members.map((id) => ({ wave_id: waveId, person_id: id, state: 'placed' as const, reason: null, suggestion: null, updated_at: now }))),
      ...result.unplaced.map((u) => ({ wave_id: waveId, person_id: u.personId, state: 'unplaced' as const, reason: u.detail, suggestion: u.suggestion, updated_at: now })),
    ]);
    return { pods, previous };
  });
  const missing = result.unplaced.filter((u) => !cards.has(u.personId)).map((u) => u.personId);
  if (missing.length) for (const [id, card] of await personCards(db, missing)) cards.set(id, card);
  return {
    waveId, waveName: wave.name, programmeName: programme.name, startWeek: wave.start_week,
    pods: result.pods.map((p, i) => ({
      podId: stored.pods[i]!, name: podName(i), members: p.members.map((id) => cards.get(id)!), score: p.score,
      allTeamsDistinct: p.breakdown.allTeamsDistinct, window: p.window.utcLabel, relaxations: p.relaxations,
    })),
    unplaced: result.unplaced.map((u) => ({ person: cards.get(u.personId)!, reason: u.detail, suggestion: u.suggestion })),
    metrics: result.metrics,
    ...(stored.previous ? { previous: stored.previous } : {}),
  };
}

export function podName(index: number): string {
  return `Pod ${index + 1}`;
}

async function insertProposedPods(trx: Executor, waveId: string, result: MatchResult, bounds: { minSize: number; maxSize: number }, slots: (PodSlot | null)[], now: Date): Promise<string[]> {
  if (result.pods.length === 0) return [];
  const rows = await trx
    .insertInto('pod')
    .values(result.pods.map((p, i) => ({
      wave_id: waveId,
      name: podName(i),
      status: 'proposed' as const,
      // An explicitly allowed smaller/larger pod carries its own bounds.
      min_size: Math.max(2, Math.min(bounds.minSize, p.members.length)),
      max_size: Math.min(8, Math.max(bounds.maxSize, p.members.length)),
      score: p.score,
      breakdown: JSON.stringify({ ...p.breakdown, members: p.members, window: p.window, relaxations: p.relaxations }) as unknown as Record<string, unknown>,
      window_start_minute: p.window.utcStartMinuteOfWeek,
      slot: slots[i] ? (JSON.stringify(slots[i]) as unknown as PodSlot) : null,
      recurrence_zone: slots[i]?.zone ?? null,
      created_at: now,
    })))
    .returning(['id', 'name'])
    .execute();
  const byName = new Map(rows.map((r) => [r.name, r.id]));
  return result.pods.map((_, i) => byName.get(podName(i))!);
}
