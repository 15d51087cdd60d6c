import type { Executor } from '../db.ts';
import { waitingList } from './waiting-list.service.ts';

/** Everything the lead's wave modal shows, read in a few queries (pods, invites, reasons). */
export async function waveDetail(db: Executor, waveId: string, now: Date = new Date()) {
  const wave = await db.selectFrom('wave').innerJoin('programme', 'programme.id', 'wave.programme_id')
    .select(['wave.id', 'wave.name', 'wave.status', 'wave.start_week', 'wave.invite_deadline', 'programme.name as programmeName'])
    .where('wave.id', '=', waveId).executeTakeFirst();
  if (!wave) return undefined;
  const [pods, invites, teams] = await Promise.all([
    db.selectFrom('pod').select(['id', 'name', 'status', 'min_size', 'max_size', 'dissolved_reason'])
      .where('wave_id', '=', waveId).where('status', '!=', 'proposed').orderBy('name').execute(),
    db.selectFrom('invite').innerJoin('person', 'person.id', 'invite.person_id').leftJoin('team', 'team.id', 'person.team_id')
      .select(['invite.id', 'invite.pod_id', 'invite.status', 'invite.decline_kind', 'invite.decline_reason', 'invite.answered_at', 'invite.created_at',
        'person.id as personId', 'person.name', 'person.slack_user_id as slackUserId', 'team.name as team'])
      .where('invite.wave_id', '=', waveId).orderBy('person.name').execute(),
    db.selectFrom('wave_team').innerJoin('team', 'team.id', 'wave_team.team_id').select('team.name').where('wave_id', '=', waveId).orderBy('team.name').execute(),
  ]);
  const members = await db.selectFrom('pod_member').select(['pod_id', db.fn.countAll<string>().as('n')])
    .where('pod_id', 'in', pods.length ? pods.map((p) => p.id) : ['00000000-0000-0000-0000-000000000000'])
    .where('left_at', 'is', null).groupBy('pod_id').execute();
  const seated = new Map(members.map((m) => [m.pod_id, Number(m.n)]));
  return {
    wave,
    teams: teams.map((t) => t.name),
    pods: pods.map((p) => {
      const mine = invites.filter((i) => i.pod_id === p.id);
      return {
        ...p,
        accepted: mine.filter((i) => i.status === 'accepted').length,
        pending: mine.filter((i) => i.status === 'pending').length,
        members: seated.get(p.id) ?? 0,
      };
    }),
    pending: invites.filter((i) => i.status === 'pending'),
    /** Who could take a free place now (only asked while the wave is inviting). */
    waiting: wave.status === 'inviting' ? (await waitingList(db, waveId, now)).length : 0,
    declined: invites.filter((i) => i.status === 'declined'),
  };
}

export type WaveDetail = NonNullable<Awaited<ReturnType<typeof waveDetail>>>;
