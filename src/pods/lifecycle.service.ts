import { sql } from 'kysely';
import { retroReminderDue, retroWindowCloses } from '../core/retro/timing.ts';
import type { Db } from '../db.ts';
import { jobId } from '../queue/job-id.ts';
import type { WaveDeps } from '../waves/launch.service.ts';
import { refreshLeadHomes } from '../waves/lead-refresh.ts';

export type RoundStep = 'retro' | 'remind' | 'decide' | 'close-short';

/**
 * The reconcile tick's lifecycle entry (see src/pods/lifecycle.ts). Moves that have no side
 * effect are plain guarded UPDATEs here (confirmed → scheduled → running; waves); moves that tell
 * people something (opening a retro, its reminder, the decision, an early close) get a job per pod
 * and step with a deterministic id. Everything is read from Postgres and the service clock, so a
 * Redis flush or a moved clock loses nothing: the next tick finds the same work again.
 */
export async function advanceRounds(deps: WaveDeps): Promise<number> {
  const now = deps.clock.now();
  let moved = await startRounds(deps.db, now);
  const jobs: { podId: string; step: RoundStep; tag?: string }[] = [];

  // Live rounds whose last session has started: the retro opens.
  const lastStarted = await deps.db.selectFrom('pod')
    .select('pod.id')
    .where('pod.status', 'in', ['confirmed', 'scheduled', 'running'])
    .where((eb) => eb(eb.selectFrom('pod_session').select(sql<Date>`max(starts_at)`.as('last')).whereRef('pod_session.pod_id', '=', 'pod.id').where('pod_session.status', '!=', 'cancelled'), '<=', now))
    .execute();
  jobs.push(...lastStarted.map((p) => ({ podId: p.id, step: 'retro' as const })));

  // Live rounds left with fewer than two members end early.
  const short = await deps.db.selectFrom('pod').select('pod.id')
    .where('pod.status', 'in', ['confirmed', 'scheduled', 'running', 'retro'])
    .where((eb) => eb(eb.selectFrom('pod_member').innerJoin('person', 'person.id', 'pod_member.person_id').select(sql<number>`count(*)::int`.as('n'))
      .whereRef('pod_member.pod_id', '=', 'pod.id').where('pod_member.left_at', 'is', null).where('person.status', '!=', 'left'), '<', 2))
    .execute();
  jobs.push(...short.map((p) => ({ podId: p.id, step: 'close-short' as const })));

  // Retros: one reminder, then the decision (everyone answered, or the window closed).
  const retros = await deps.db.selectFrom('pod')
    .select(['pod.id', 'pod.retro_opened_at', 'pod.retro_reminded_at',
      sql<number>`(SELECT count(*) FROM pod_member m JOIN person p ON p.id = m.person_id WHERE m.pod_id = pod.id AND m.left_at IS NULL AND p.status <> 'left')::int`.as('members'),
      sql<number>`(SELECT count(*) FROM retro_response r JOIN pod_member m ON m.pod_id = r.pod_id AND m.person_id = r.person_id WHERE r.pod_id = pod.id AND m.left_at IS NULL)::int`.as('answered')])
    .where('pod.status', '=', 'retro').execute();
  for (const r of retros) {
    const opened = r.retro_opened_at!;
    const windowClosed = retroWindowCloses(opened).getTime() <= now.getTime();
    if (windowClosed || (r.members > 0 && r.answered >= r.members)) jobs.push({ podId: r.id, step: 'decide', tag: windowClosed ? 'window' : 'all' });
    else if (!r.retro_reminded_at && retroReminderDue(opened).getTime() <= now.getTime()) jobs.push({ podId: r.id, step: 'remind' });
  }
  for (const j of jobs) await deps.enqueue('pod-round', { podId: j.podId, step: j.step }, { jobId: jobId('pod-round', j.podId, j.tag ? `${j.step}-${j.tag}` : j.step) });

  moved += await advanceWaves(deps.db, now);
  if (moved > 0) await refreshLeadHomes(deps);
  return moved + jobs.length;
}

/** confirmed → scheduled once sessions exist; → running once the first session has started. */
async function startRounds(db: Db, now: Date): Promise<number> {
  const scheduled = await sql`
    UPDATE pod SET status = 'scheduled'
    WHERE status = 'confirmed' AND EXISTS (SELECT 1 FROM pod_session s WHERE s.pod_id = pod.id AND s.status <> 'cancelled')
  `.execute(db);
  const running = await sql`
    UPDATE pod SET status = 'running', started_at = coalesce(pod.started_at, first.starts_at)
    FROM (SELECT pod_id, min(starts_at) AS starts_at FROM pod_session WHERE status <> 'cancelled' GROUP BY pod_id) first
    WHERE first.pod_id = pod.id AND pod.status = 'scheduled' AND first.starts_at <= ${now}
  `.execute(db);
  return Number(scheduled.numAffectedRows ?? 0) + Number(running.numAffectedRows ?? 0);
}

/**
 * A wave follows its FIRST-round pods (continued rounds keep the wave id but not the wave open):
 * forming → running when one of them is meeting; → retro when none is before its retro; → done
 * when all have ended (or none was left alive).
 */
async function advanceWaves(db: Db, now: Date): Promise<number> {
  const firstRounds = (statuses: string) => sql.raw(`SELECT 1 FROM pod p WHERE p.wave_id = wave.id AND p.round = 1 AND p.status IN (${statuses})`);
  const results = [
    await sql`UPDATE wave SET status = 'running' WHERE status = 'forming' AND EXISTS (${firstRounds(`'running', 'retro', 'continued', 'closed'`)})`.execute(db),
    await sql`UPDATE wave SET status = 'retro' WHERE status = 'running'
      AND NOT EXISTS (${firstRounds(`'confirmed', 'scheduled', 'running'`)}) AND EXISTS (${firstRounds(`'retro'`)})`.execute(db),
    await sql`UPDATE wave SET status = 'done', ended_at = ${now} WHERE status IN ('forming', 'running', 'retro')
      AND NOT EXISTS (${firstRounds(`'proposed', 'inviting', 'confirmed', 'scheduled', 'running', 'retro'`)})`.execute(db),
  ];
  return results.reduce((n, r) => n + Number(r.numAffectedRows ?? 0), 0);
}
