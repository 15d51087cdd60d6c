import { recordAudit } from '../audit/audit.repository.ts';
import { regroup } from '../core/matching/regroup.ts';
import type { Db, Executor } from '../db.ts';
import { slotMembersOf } from '../pods/session.service.ts';
import { slotForChangedPod } from '../pods/slot.service.ts';
import { effectiveSettings, findProgramme, matchSettingsFor } from '../programmes/programme.service.ts';
import { rememberFigures } from './draft.service.ts';
import { loadOrgContext, matchPeopleOf, personCards } from './match-inputs.ts';
import { lockWave } from './wave.repository.ts';
import type { Wave } from './wave.table.ts';

/** A lead's edit the draft cannot take (shown under the field; nothing changes). */
export class DraftEditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DraftEditError';
  }
}

type Actor = { personId: string | null; slackUserId: string };
type DraftPod = { id: string; name: string; min_size: number; max_size: number; breakdown: Record<string, unknown>; slot: import('../pods/pod.table.ts').PodSlot | null };
export const membersOf = (pod: Pick<DraftPod, 'breakdown'>): string[] => (pod.breakdown as { members?: string[] }).members ?? [];

/** The draft, locked, with its proposed pods (locked too); refused once it launches or is gone. */
export async function lockDraft(trx: Executor, waveId: string): Promise<{ wave: Wave; pods: DraftPod[] }> {
  const wave = await lockWave(trx, waveId);
  if (!wave || wave.status !== 'draft' || wave.launch_requested_at) {
    throw new DraftEditError(`This wave is ${wave?.launch_requested_at ? 'launching' : (wave?.status ?? 'gone')}: its pods can no longer be edited.`);
  }
  const pods = await trx.selectFrom('pod').select(['id', 'name', 'min_size', 'max_size', 'breakdown', 'slot']).where('wave_id', '=', waveId).where('status', '=', 'proposed').orderBy('id').forUpdate().execute();
  return { wave, pods };
}

/**
 * Stores pods a lead rearranged: each is described again as the matcher would (score, repeat
 * pairs, window) and keeps the slot people would be told when it still suits everyone, else gets
 * a new one. Refused, naming the pod, when one would break a hard constraint.
 */
export async function storeEditedPods(trx: Executor, wave: Wave, edits: { pod: DraftPod; members: string[] }[], now: Date): Promise<void> {
  const programme = await findProgramme(trx, wave.programme_id);
  if (!programme) throw new DraftEditError('The programme of this draft no longer exists.');
  const ids = edits.flatMap((e) => e.members);
  const cards = await personCards(trx, ids);
  const org = await loadOrgContext(trx, ids);
  const settings = matchSettingsFor(programme, wave.settings, wave.start_week, wave.seed);
  const described = regroup(edits.map((e) => matchPeopleOf(e.members.map((id) => cards.get(id)!), org.idByEmail)), settings, org, now);
  const slotCtx = { programme, settings: effectiveSettings(programme, wave.settings), startWeek: wave.start_week };
  for (const [k, { pod, members }] of edits.entries()) {
    const d = described[k]!;
    if (!d.pod) throw new DraftEditError(`${pod.name} would not work: ${d.why}.`);
    const { slot } = slotForChangedPod(pod.slot, slotCtx, await slotMembersOf(trx, members), wave.invite_deadline);
    await trx.updateTable('pod').set({
      score: d.pod.score, window_start_minute: d.pod.window.utcStartMinuteOfWeek,
      breakdown: JSON.stringify({ ...pod.breakdown, ...d.pod.breakdown, members, window: d.pod.window, edited: true }) as unknown as Record<string, unknown>,
      slot: slot ? (JSON.stringify(slot) as never) : null, recurrence_zone: slot?.zone ?? null,
    }).where('id', '=', pod.id).execute();
  }
}

async function nameOf(trx: Executor, personId: string): Promise<string> {
  return (await trx.selectFrom('person').select('name').where('id', '=', personId).executeTakeFirst())?.name ?? 'someone';
}

/**
 * "Swap two people" between two pods of a draft: each takes the other's place. Both pods must
 * still keep every hard constraint (no manager with their report, no excluded pair, a common
 * slot); the figures before the swap are kept so the preview shows its effect. Audited.
 */
export async function swapInDraft(db: Db, waveId: string, a: string, b: string, actor: Actor, now: Date): Promise<string> {
  if (a === b) throw new DraftEditError('Pick two different people.');
  return db.transaction().execute(async (trx) => {
    const { wave, pods } = await lockDraft(trx, waveId);
    const podA = pods.find((p) => membersOf(p).includes(a));
    const podB = pods.find((p) => membersOf(p).includes(b));
    if (!podA || !podB) throw new DraftEditError(`${await nameOf(trx, podA ? b : a)} is not in a pod of this draft.`);
    if (podA.id === podB.id) throw new DraftEditError(`Both are in ${podA.name}: pick people from two different pods.`);
    const label = `swapping ${await nameOf(trx, a)} (${podA.name}) and ${await nameOf(trx, b)} (${podB.name})`;
    await rememberFigures(trx, waveId, label);
    await storeEditedPods(trx, wave, [
      { pod: podA, members: membersOf(podA).map((id) => (id === a ? b : id)) },
      { pod: podB, members: membersOf(podB).map((id) => (id === b ? a : id)) },
    ], now);
    await recordAudit(trx, { actorId: actor.personId, actorSlackId: actor.slackUserId, action: 'wave.preview.edit', allowed: true, subject: { waveId, personIds: [a, b], podIds: [podA.id, podB.id] }, detail: label }, now);
    return label;
  });
}

/**
 * "Move someone out" of a draft's pod: they leave the pod (launch invites the pod without them)
 * and stay in the wave's pool as unplaced, offered places that free up. A pod may not drop below
 * its minimum (swap instead, or re-run). Audited.
 */
export async function moveOutOfDraft(db: Db, waveId: string, personId: string, actor: Actor, now: Date): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const { wave, pods } = await lockDraft(trx, waveId);
    const pod = pods.find((p) => membersOf(p).includes(personId));
    if (!pod) throw new DraftEditError('That person is not in a pod of this draft.');
    const members = membersOf(pod).filter((id) => id !== personId);
    if (members.length < pod.min_size) throw new DraftEditError(`${pod.name} would have ${members.length}, below its minimum of ${pod.min_size}: swap them with someone instead, or re-run the match.`);
    await rememberFigures(trx, waveId, `moving ${await nameOf(trx, personId)} out of ${pod.name}`);
    await storeEditedPods(trx, wave, [{ pod, members }], now);
    await trx.updateTable('wave_member').set({ state: 'unplaced', reason: 'moved out of a pod by the lead', suggestion: 'offered places that free up after launch', updated_at: now })
      .where('wave_id', '=', waveId).where('person_id', '=', personId).execute();
    await recordAudit(trx, { actorId: actor.personId, actorSlackId: actor.slackUserId, action: 'wave.preview.edit', allowed: true, subject: { waveId, personId, podId: pod.id }, detail: `moved out of ${pod.name}` }, now);
    return pod.name;
  });
}

/**
 * "Discard draft": the draft is cancelled (draft → cancelled, its proposed pods dissolved, its pool
 * let go), so it leaves the home tab and holds nobody; nobody was sent anything. Kept as a
 * cancelled row, not deleted, so the audit log's subject still resolves. Audited.
 */
export async function discardDraft(db: Db, waveId: string, actor: Actor, now: Date): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const { wave } = await lockDraft(trx, waveId);
    await trx.updateTable('pod').set({ status: 'dissolved', dissolved_reason: 'draft discarded by the lead' }).where('wave_id', '=', waveId).where('status', '=', 'proposed').execute();
    await trx.deleteFrom('wave_member').where('wave_id', '=', waveId).execute();
    await trx.updateTable('wave').set({ status: 'cancelled', cancelled_at: now, preview_view_id: null }).where('id', '=', waveId).execute();
    await recordAudit(trx, { actorId: actor.personId, actorSlackId: actor.slackUserId, action: 'wave.preview.discard', allowed: true, subject: { waveId }, detail: wave.name }, now);
    return wave.name;
  });
}
