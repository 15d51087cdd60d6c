import { recordAudit } from '../audit/audit.repository.ts';
import { previewFigures, snapshotOf, type FigureSnapshot } from '../core/rollout/preview-figures.ts';
import type { MatchMetrics } from '../core/matching/types.ts';
import type { Db, Executor } from '../db.ts';
import { personCards } from './match-inputs.ts';
import { WaveNotDraftError, type WavePreview } from './preview.service.ts';
import { lockWave } from './wave.repository.ts';
import type { WaveSettings } from './wave.table.ts';

interface StoredBreakdown { members?: string[]; allTeamsDistinct?: boolean; repeatPairs?: number; window?: { utcLabel?: string }; relaxations?: string[] }
interface StoredMetrics { previous?: { label: string; figures: FigureSnapshot } }

const podNumber = (name: string) => Number.parseInt(name.replace(/\D+/g, ''), 10) || 0;

/**
 * A draft wave's preview as stored: its proposed pods, who is not placed, and the figures, with
 * pods, pairs and placements recomputed from the pods as they stand (a lead may have edited them).
 * Undefined when the wave is gone or has no preview.
 */
export async function loadPreview(db: Executor, waveId: string): Promise<WavePreview | undefined> {
  const wave = await db.selectFrom('wave').innerJoin('programme', 'programme.id', 'wave.programme_id')
    .select(['wave.id', 'wave.name', 'wave.status', 'wave.start_week', 'wave.preview_metrics', 'programme.name as programmeName'])
    .where('wave.id', '=', waveId).executeTakeFirst();
  if (!wave) return undefined;
  const pods = (await db.selectFrom('pod').select(['id', 'name', 'score', 'breakdown']).where('wave_id', '=', waveId).where('status', '=', 'proposed').execute())
    .sort((a, b) => podNumber(a.name) - podNumber(b.name));
  if (pods.length === 0 || !wave.preview_metrics) return undefined;
  const unplacedRows = await db.selectFrom('wave_member').select(['person_id', 'reason', 'suggestion']).where('wave_id', '=', waveId).where('state', '=', 'unplaced').orderBy('person_id').execute();
  const memberIds = pods.flatMap((p) => (p.breakdown as StoredBreakdown).members ?? []);
  const cards = await personCards(db, [...memberIds, ...unplacedRows.map((u) => u.person_id)]);
  const shown = pods.map((p) => {
    const b = p.breakdown as StoredBreakdown;
    const members = (b.members ?? []).map((id) => cards.get(id)).filter((c) => c !== undefined);
    return {
      podId: p.id, name: p.name, members, score: p.score ?? 0,
      allTeamsDistinct: new Set(members.map((m) => m.team)).size === members.length,
      window: b.window?.utcLabel ?? '', relaxations: b.relaxations ?? [],
    };
  });
  const unplaced = unplacedRows.flatMap((u) => {
    const person = cards.get(u.person_id);
    return person ? [{ person, reason: u.reason ?? 'not placed', suggestion: u.suggestion ?? '' }] : [];
  });
  const figures = previewFigures(shown.map((p) => p.members.map((m) => m.teamId ?? m.team)), unplaced.length);
  // Score and repeat pairs as the pods stand: an edit re-describes the pods it touched.
  const totalScore = Math.round(pods.reduce((a, p) => a + (p.score ?? 0), 0) * 100) / 100;
  const repeatPairs = pods.reduce((a, p) => a + ((p.breakdown as StoredBreakdown).repeatPairs ?? 0), 0);
  const { previous } = wave.preview_metrics as StoredMetrics;
  return {
    waveId, waveName: wave.name, programmeName: wave.programmeName, startWeek: wave.start_week,
    pods: shown, unplaced, metrics: { ...(wave.preview_metrics as unknown as MatchMetrics), ...figures, totalScore, repeatPairs },
    ...(previous ? { previous } : {}),
  };
}

/** A seed the lead has not tried on this draft: deterministic from the current one. */
export function nextSeed(seed: number): number {
  return (Math.imul(seed, 48271) >>> 1) % 2_000_000_000 + 1;
}

/** Keeps the figures as they were before `label`, so the preview shows the effect of an edit or a re-run. */
export async function rememberFigures(trx: Executor, waveId: string, label: string): Promise<void> {
  const before = await loadPreview(trx, waveId);
  if (!before) return;
  const stored = (await trx.selectFrom('wave').select('preview_metrics').where('id', '=', waveId).executeTakeFirstOrThrow()).preview_metrics ?? {};
  await trx.updateTable('wave').set({ preview_metrics: JSON.stringify({ ...stored, previous: { label, figures: snapshotOf(before.metrics) } }) as unknown as Record<string, unknown> }).where('id', '=', waveId).execute();
}

/** Match settings a lead may change on a draft before re-running it (the wave's own, frozen at launch). */
export type RerunSettings = Pick<WaveSettings, 'minSize' | 'maxSize' | 'podSizes'>;

/**
 * "Re-run the match": with a new seed, or with other settings (pod size, larger or smaller pods)
 * and the same seed, so the figures' change is the setting's alone. The request is recorded before
 * the ack, as the launch modal's Preview is (the reconciler redoes a lost job), with the figures
 * as they were, so the new preview shows the effect. Audited.
 */
export async function requestRerun(db: Db, waveId: string, request: { viewId: string; slackUserId: string; personId: string | null }, now: Date, change?: { settings: RerunSettings; label: string }): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const wave = await lockWave(trx, waveId);
    if (!wave || wave.status !== 'draft' || wave.launch_requested_at) throw new WaveNotDraftError(waveId, wave?.status ?? 'gone');
    const seed = change ? wave.seed : nextSeed(wave.seed);
    const settings: WaveSettings = { ...wave.settings, ...change?.settings };
    await rememberFigures(trx, waveId, change ? `re-running with ${change.label}` : 'the re-run with a new seed');
    await trx.updateTable('wave').set({ seed, settings: JSON.stringify(settings) as unknown as WaveSettings, preview_requested_at: now, preview_view_id: request.viewId, preview_requested_by_slack: request.slackUserId }).where('id', '=', waveId).execute();
    await recordAudit(trx, { actorId: request.personId, actorSlackId: request.slackUserId, action: 'wave.preview.rerun', allowed: true, subject: { waveId, ...(change ? { settings: change.settings } : {}) }, detail: change ? change.label : `seed ${wave.seed} → ${seed}` }, now);
    return seed;
  });
}

/** Placed people of a draft, for the "move someone out" picker: id, name, team, pod. */
export async function draftMembers(db: Db, waveId: string) {
  const pods = await db.selectFrom('pod').select(['name', 'breakdown']).where('wave_id', '=', waveId).where('status', '=', 'proposed').execute();
  const podOf = new Map(pods.flatMap((p) => ((p.breakdown as StoredBreakdown).members ?? []).map((id) => [id, p.name] as const)));
  const cards = await personCards(db, [...podOf.keys()]);
  return [...cards.values()].map((c) => ({ id: c.id, name: c.name, team: c.team, pod: podOf.get(c.id)! })).sort((a, b) => a.name.localeCompare(b.name));
}

/** The settings a draft was last matched with (the wave's own over the programme's), for the re-run form. */
export async function draftSettings(db: Executor, waveId: string): Promise<Required<RerunSettings> | undefined> {
  const row = await db.selectFrom('wave').innerJoin('programme', 'programme.id', 'wave.programme_id')
    .select(['wave.settings', 'programme.min_size', 'programme.max_size', 'programme.pod_sizes']).where('wave.id', '=', waveId).executeTakeFirst();
  if (!row) return undefined;
  return { minSize: row.settings.minSize ?? row.min_size, maxSize: row.settings.maxSize ?? row.max_size, podSizes: row.settings.podSizes ?? row.pod_sizes };
}

/** Why a re-run's settings cannot be used (field → message), or nothing when they can. */
export function rerunSettingsErrors(s: { minSize: number; maxSize: number; podSizes: string }): Partial<Record<'minSize' | 'maxSize' | 'podSizes', string>> {
  const errors: Partial<Record<'minSize' | 'maxSize' | 'podSizes', string>> = {};
  if (!Number.isInteger(s.minSize) || s.minSize < 2 || s.minSize > 8) errors.minSize = 'Pick a size from 2 to 8';
  if (!Number.isInteger(s.maxSize) || s.maxSize < 2 || s.maxSize > 8) errors.maxSize = 'Pick a size from 2 to 8';
  else if (!errors.minSize && s.maxSize < s.minSize) errors.maxSize = `The largest pod cannot be smaller than the smallest (${s.minSize})`;
  if (s.podSizes !== 'larger' && s.podSizes !== 'smaller') errors.podSizes = 'Pick how many pods to make';
  return errors;
}
