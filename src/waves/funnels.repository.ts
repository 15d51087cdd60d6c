import { sql } from 'kysely';
import type { Executor } from '../db.ts';
import type { FunnelCounts } from './wave.repository.ts';

/**
 * waveFunnel for many waves in five grouped queries instead of five per wave: the lead home shows
 * a page of waves and must render in well under Slack's patience. Same definitions as waveFunnel.
 */
export async function waveFunnels(db: Executor, waveIds: readonly string[]): Promise<Map<string, FunnelCounts>> {
  const out = new Map<string, FunnelCounts>();
  if (waveIds.length === 0) return out;
  const ids = [...waveIds];
  const [members, invites, pods, acceptedUnplaced, short] = await Promise.all([
    db.selectFrom('wave_member').select(['wave_id', 'state', sql<number>`count(*)::int`.as('n')]).where('wave_id', 'in', ids).groupBy(['wave_id', 'state']).execute(),
    db.selectFrom('invite').select([
      'wave_id',
      sql<number>`count(DISTINCT person_id)::int`.as('invited'),
      sql<number>`count(DISTINCT person_id) FILTER (WHERE answered_at IS NOT NULL AND decline_kind IS NULL)::int`.as('accepted'),
      sql<number>`count(*) FILTER (WHERE status = 'declined')::int`.as('declined'),
      sql<number>`count(*) FILTER (WHERE status = 'pending')::int`.as('pending'),
      sql<number>`count(*) FILTER (WHERE status = 'expired')::int`.as('expired'),
    ]).where('wave_id', 'in', ids).groupBy('wave_id').execute(),
    db.selectFrom('pod').select(['wave_id', 'status', sql<number>`count(*)::int`.as('n')]).where('wave_id', 'in', ids).groupBy(['wave_id', 'status']).execute(),
    db.selectFrom('wave_member').select(['wave_member.wave_id', sql<number>`count(*)::int`.as('n')]).where('wave_member.wave_id', 'in', ids).where('wave_member.state', '=', 'unplaced')
      .where(({ exists, selectFrom }) => exists(selectFrom('invite').select('invite.id').whereRef('invite.person_id', '=', 'wave_member.person_id')
        .whereRef('invite.wave_id', '=', 'wave_member.wave_id').where('invite.answered_at', 'is not', null).where('invite.decline_kind', 'is', null)))
      .groupBy('wave_member.wave_id').execute(),
    db.selectFrom('pod').select(['pod.wave_id', sql<number>`count(*)::int`.as('n')]).where('pod.wave_id', 'in', ids)
      .where('pod.status', 'in', ['confirmed', 'scheduled', 'running', 'retro'])
      .where((eb) => eb(eb.selectFrom('pod_member').select(sql<number>`count(*)::int`.as('c')).whereRef('pod_member.pod_id', '=', 'pod.id').where('pod_member.left_at', 'is', null), '<', eb.ref('pod.min_size')))
      .groupBy('pod.wave_id').execute(),
  ]);
  for (const id of ids) {
    const mine = members.filter((r) => r.wave_id === id);
    const m = (s: string) => mine.find((r) => r.state === s)?.n ?? 0;
    const inv = invites.find((r) => r.wave_id === id);
    const p = (...s: string[]) => pods.filter((r) => r.wave_id === id && s.includes(r.status)).reduce((a, r) => a + r.n, 0);
    out.set(id, {
      pool: mine.reduce((a, r) => a + r.n, 0), unplaced: m('unplaced'),
      invited: inv?.invited ?? 0, accepted: inv?.accepted ?? 0,
      acceptedUnplaced: acceptedUnplaced.find((r) => r.wave_id === id)?.n ?? 0,
      declined: inv?.declined ?? 0, pending: inv?.pending ?? 0, expired: inv?.expired ?? 0,
      podsInviting: p('inviting'), podsConfirmed: p('confirmed', 'scheduled', 'running', 'retro', 'continued', 'closed'), podsDissolved: p('dissolved'),
      podsShort: short.find((r) => r.wave_id === id)?.n ?? 0,
    });
  }
  return out;
}

/** Inviting pods of a wave that cannot reach their minimum even if every open invite says yes. */
export interface ShortInviting { pods: number; minSize: number | null }

/**
 * For the lead home: per wave, the inviting pods whose accepted and unanswered invites together are
 * fewer than their minimum (the wave modal's "Below minimum" while inviting), in one grouped query.
 * `minSize` is their minimum when they share one (they do unless a lead's re-match made a pod).
 */
export async function shortInvitingPods(db: Executor, waveIds: readonly string[]): Promise<Map<string, ShortInviting>> {
  if (waveIds.length === 0) return new Map();
  const rows = await db.selectFrom('pod')
    .select(['pod.wave_id', sql<number>`count(*)::int`.as('n'), sql<number>`min(pod.min_size)::int`.as('lo'), sql<number>`max(pod.min_size)::int`.as('hi')])
    .where('pod.wave_id', 'in', [...waveIds]).where('pod.status', '=', 'inviting')
    .where((eb) => eb(eb.selectFrom('invite').select(sql<number>`count(*)::int`.as('c')).whereRef('invite.pod_id', '=', 'pod.id').where('invite.status', 'in', ['pending', 'accepted']), '<', eb.ref('pod.min_size')))
    .groupBy('pod.wave_id').execute();
  return new Map(rows.map((r) => [r.wave_id, { pods: r.n, minSize: r.lo === r.hi ? r.lo : null }]));
}
