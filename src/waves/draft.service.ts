import { recordAudit } from '../audit/audit.repository.ts';
import { previewFigures } from '../core/rollout/preview-figures.ts';
import type { MatchMetrics } from '../core/matching/types.ts';
import type { Db } from '../db.ts';
import { personCards } from './match-inputs.ts';
import { WaveNotDraftError, type WavePreview } from './preview.service.ts';
import { lockWave } from './wave.repository.ts';

interface StoredBreakdown { members?: string[]; allTeamsDistinct?: boolean; window?: { utcLabel?: string }; relaxations?: string[] }

const podNumber = (name: string) => Number.parseInt(name.replace(/\D+/g, ''), 10) || 0;

/**
 * A draft wave's preview as stored: its proposed pods, who is not placed, and the figures, with
 * pods, pairs and placements recomputed from the pods as they stand (a lead may have edited them).
 * Undefined when the wave is gone or has no preview.
 */
export async function loadPreview(db: Db, waveId: string): Promise<WavePreview | undefined> {
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
  return {
    waveId, waveName: wave.name, programmeName: wave.programmeName, startWeek: wave.start_week,
    pods: shown, unplaced, metrics: { ...(wave.preview_metrics as unknown as MatchMetrics), ...figures },
  };
}

/** A seed the lead has not tried on this draft: deterministic from the current one. */
export function nextSeed(seed: number): number {
  return (Math.imul(seed, 48271) >>> 1) % 2_000_000_000 + 1;
}

/**
 * "Re-run the match": the draft gets a new seed and a new preview request (recorded before the
 * ack, as the launch modal's Preview is; the reconciler redoes a lost job). Audited.
 */
export async function requestRerun(db: Db, waveId: string, request: { viewId: string; slackUserId: string; personId: string | null }, now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const wave = await lockWave(trx, waveId);
    if (!wave || wave.status !== 'draft' || wave.launch_requested_at) throw new WaveNotDraftError(waveId, wave?.status ?? 'gone');
    const seed = nextSeed(wave.seed);
    await trx.updateTable('wave').set({ seed, preview_requested_at: now, preview_view_id: request.viewId, preview_requested_by_slack: request.slackUserId }).where('id', '=', waveId).execute();
    await recordAudit(trx, { actorId: request.personId, actorSlackId: request.slackUserId, action: 'wave.preview.rerun', allowed: true, subject: { waveId }, detail: `seed ${wave.seed} → ${seed}` }, now);
    return seed;
  });
}

/** A lead's edit the draft cannot take (shown under the field; nothing changes). */
export class DraftEditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DraftEditError';
  }
}

/** Placed people of a draft, for the "move someone out" picker: id, name, team, pod. */
export async function draftMembers(db: Db, waveId: string) {
  const pods = await db.selectFrom('pod').select(['name', 'breakdown']).where('wave_id', '=', waveId).where('status', '=', 'proposed').execute();
  const podOf = new Map(pods.flatMap((p) => ((p.breakdown as StoredBreakdown).members ?? []).map((id) => [id, p.name] as const)));
  const cards = await personCards(db, [...podOf.keys()]);
  return [...cards.values()].map((c) => ({ id: c.id, name: c.name, team: c.team, pod: podOf.get(c.id)! })).sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * "Move someone out" of a draft's pod: they leave the pod (launch invites the pod without them)
 * and stay in the wave's pool as unplaced, offered places that free up. A pod may not drop below
 * its minimum (swap instead, or re-run). The pod's slot still suits everyone left. Audited.
 */
export async function moveOutOfDraft(db: Db, waveId: string, personId: string, actor: { personId: string | null; slackUserId: string }, now: Date): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const wave = await lockWave(trx, waveId);
    if (!wave || wave.status !== 'draft' || wave.launch_requested_at) throw new DraftEditError(`This wave is ${wave?.launch_requested_at ? 'launching' : (wave?.status ?? 'gone')}: its pods can no longer be edited.`);
    const pods = await trx.selectFrom('pod').select(['id', 'name', 'min_size', 'breakdown']).where('wave_id', '=', waveId).where('status', '=', 'proposed').forUpdate().execute();
    const pod = pods.find((p) => ((p.breakdown as StoredBreakdown).members ?? []).includes(personId));
    if (!pod) throw new DraftEditError('That person is not in a pod of this draft.');
    const members = ((pod.breakdown as StoredBreakdown).members ?? []).filter((id) => id !== personId);
    if (members.length < pod.min_size) throw new DraftEditError(`${pod.name} would have ${members.length}, below its minimum of ${pod.min_size}: re-run the match instead.`);
    await trx.updateTable('pod').set({ breakdown: JSON.stringify({ ...(pod.breakdown as object), members, edited: true }) as unknown as Record<string, unknown> }).where('id', '=', pod.id).execute();
    await trx.updateTable('wave_member').set({ state: 'unplaced', reason: 'moved out of a pod by the lead', suggestion: 'offered places that free up after launch', updated_at: now })
      .where('wave_id', '=', waveId).where('person_id', '=', personId).execute();
    await recordAudit(trx, { actorId: actor.personId, actorSlackId: actor.slackUserId, action: 'wave.preview.edit', allowed: true, subject: { waveId, personId, podId: pod.id }, detail: `moved out of ${pod.name}` }, now);
    return pod.name;
  });
}
