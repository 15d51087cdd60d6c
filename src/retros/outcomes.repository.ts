import { sql } from 'kysely';
import type { Executor } from '../db.ts';
import { askedToContinue } from './retro.repository.ts';

/** What a programme lead sees of one wave once pods meet: sessions, retro outcomes, who is silent. */
export interface WaveOutcomes {
  waveId: string;
  pods: { live: number; inRetro: number; continued: number; closed: number; short: number };
  /** Past sessions by what the pod recorded; "unrecorded" = its time has passed with no check-in. */
  sessions: { held: number; skipped: number; unrecorded: number; upcoming: number };
  retro: { asked: number; answered: number; wantContinue: number; ratings: [number, number, number, number, number]; recommendYes: number; recommendAnswered: number };
  /** Only answers whose author ticked "share with leads". */
  quotes: { podName: string; celebrate: string | null; change: string | null }[];
  attention: { podName: string; what: string }[];
  silentInvites: Person[];
  silentRetros: (Person & { podName: string })[];
}

export interface Person {
  name: string;
  slackUserId: string | null;
}

const LIVE = ['confirmed', 'scheduled', 'running', 'retro'];

export async function waveOutcomes(db: Executor, waveId: string, now: Date): Promise<WaveOutcomes> {
  const [pods, sessions, retro, quotes, silentInvites, silentRetros, skippedRuns] = await Promise.all([
    db.selectFrom('pod').select(['id', 'name', 'status', 'min_size',
      sql<number>`(SELECT count(*) FROM pod_member m WHERE m.pod_id = pod.id AND m.left_at IS NULL)::int`.as('members')])
      .where('wave_id', '=', waveId).where('status', 'not in', ['proposed', 'inviting', 'dissolved']).orderBy('name').orderBy('round').execute(),
    db.selectFrom('pod_session').innerJoin('pod', 'pod.id', 'pod_session.pod_id')
      .select([
        sql<number>`count(*) FILTER (WHERE pod_session.status = 'held')::int`.as('held'),
        sql<number>`count(*) FILTER (WHERE pod_session.status = 'skipped')::int`.as('skipped'),
        sql<number>`count(*) FILTER (WHERE pod_session.status = 'scheduled' AND pod_session.ends_at <= ${now})::int`.as('unrecorded'),
        sql<number>`count(*) FILTER (WHERE pod_session.status = 'scheduled' AND pod_session.ends_at > ${now} AND pod.status IN ('confirmed', 'scheduled', 'running'))::int`.as('upcoming'),
      ]).where('pod.wave_id', '=', waveId).executeTakeFirstOrThrow(),
    db.selectFrom('retro_response').innerJoin('pod', 'pod.id', 'retro_response.pod_id')
      .select(['retro_response.wants_to_continue', 'retro_response.rating', 'retro_response.recommend'])
      .where('pod.wave_id', '=', waveId).execute(),
    db.selectFrom('retro_response').innerJoin('pod', 'pod.id', 'retro_response.pod_id')
      .select(['pod.name as podName', 'retro_response.celebrate', 'retro_response.change'])
      .where('pod.wave_id', '=', waveId).where('retro_response.share_with_leads', '=', true)
      .where((eb) => eb.or([eb('retro_response.celebrate', 'is not', null), eb('retro_response.change', 'is not', null)]))
      .orderBy('retro_response.submitted_at', 'desc').execute(),
    db.selectFrom('invite').innerJoin('person', 'person.id', 'invite.person_id').innerJoin('wave', 'wave.id', 'invite.wave_id')
      .select(['person.name', 'person.slack_user_id as slackUserId'])
      .where('invite.wave_id', '=', waveId).where('invite.status', '=', 'pending').where('wave.status', '=', 'inviting').orderBy('person.name').execute(),
    db.selectFrom('pod').innerJoin('pod_member', 'pod_member.pod_id', 'pod.id').innerJoin('person', 'person.id', 'pod_member.person_id')
      .select(['person.name', 'person.slack_user_id as slackUserId', 'pod.name as podName'])
      .where('pod.wave_id', '=', waveId).where('pod.status', '=', 'retro').where('pod_member.left_at', 'is', null)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('retro_response').select('retro_response.pod_id')
        .whereRef('retro_response.pod_id', '=', 'pod.id').whereRef('retro_response.person_id', '=', 'person.id'))))
      .orderBy('pod.name').orderBy('person.name').execute(),
    // The two latest past sessions of each meeting pod: both skipped or unrecorded is worth a look.
    sql<{ name: string; missed: number }>`
      SELECT p.name, count(*)::int AS missed FROM pod p
      JOIN LATERAL (SELECT s.status FROM pod_session s WHERE s.pod_id = p.id AND s.ends_at <= ${now} AND s.status <> 'cancelled'
        ORDER BY s.starts_at DESC LIMIT 2) last ON true
      WHERE p.wave_id = ${waveId} AND p.status IN ('running', 'retro') AND last.status IN ('skipped', 'scheduled')
      GROUP BY p.name HAVING count(*) = 2 ORDER BY p.name`.execute(db),
  ]);
  const ratings: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  for (const r of retro) if (r.rating) ratings[r.rating - 1]!++;
  const attention = [
    ...pods.filter((p) => LIVE.includes(p.status) && p.members < p.min_size).map((p) => ({ podName: p.name, what: `${p.members} left, below its minimum of ${p.min_size}` })),
    ...skippedRuns.rows.map((r) => ({ podName: r.name, what: 'the last two sessions were skipped or not checked in' })),
  ];
  const asked = await db.selectFrom('pod_member').innerJoin('pod', 'pod.id', 'pod_member.pod_id').select(sql<number>`count(*)::int`.as('n'))
    .where('pod.wave_id', '=', waveId).where('pod_member.left_at', 'is', null).where('pod.retro_opened_at', 'is not', null).executeTakeFirstOrThrow();
  return {
    waveId,
    pods: {
      live: pods.filter((p) => LIVE.includes(p.status)).length, inRetro: pods.filter((p) => p.status === 'retro').length,
      continued: pods.filter((p) => p.status === 'continued').length, closed: pods.filter((p) => p.status === 'closed').length,
      short: pods.filter((p) => LIVE.includes(p.status) && p.members < p.min_size).length,
    },
    sessions,
    retro: {
      asked: asked.n, answered: retro.length, wantContinue: retro.filter((r) => r.wants_to_continue === 'continue').length, ratings,
      recommendYes: retro.filter((r) => r.recommend === true).length, recommendAnswered: retro.filter((r) => r.recommend !== null).length,
    },
    quotes,
    attention,
    silentInvites,
    silentRetros,
  };
}

/**
 * For the next wave: teams no launched wave (of the programme, when given) has reached, and people
 * who asked to continue a pod (of the programme) that closed.
 */
export async function nextWaveSuggestions(db: Executor, programmeId?: string) {
  let reachedQuery = db.selectFrom('wave_team').innerJoin('wave', 'wave.id', 'wave_team.wave_id').select('wave_team.team_id')
    .where('wave.status', 'not in', ['draft', 'cancelled']);
  if (programmeId) reachedQuery = reachedQuery.where('wave.programme_id', '=', programmeId);
  const [teams, reached, asked] = await Promise.all([
    db.selectFrom('team').select(['id', 'name']).orderBy('name').execute(),
    reachedQuery.execute(),
    askedToContinue(db, programmeId),
  ]);
  const covered = new Set(reached.map((r) => r.team_id));
  return { teamsNotReached: teams.filter((t) => !covered.has(t.id)).map((t) => t.name), askedToContinue: asked.map((a) => ({ name: a.name, slackUserId: a.slackUserId })) };
}
