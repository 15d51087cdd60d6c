import { stringify } from 'csv-stringify/sync';
import { recordAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db.ts';
import type { Actor } from './launch.service.ts';

/** The columns of a wave's CSV, in order; documented in the README and checked by a test. */
export const WAVE_CSV_COLUMNS = [
  'wave', 'pod', 'pod_status', 'name', 'email', 'team', 'invite_status', 'answer', 'answered_at_utc', 'decline_reason',
  'sessions_held', 'sessions_attended',
] as const;

/**
 * A wave for its lead's own follow-up: one row per invite (pod, person, answer, reason) with
 * attendance once sessions exist. Leads may see names (DESIGN §7); retro answers are never in it.
 * Every export is audited. Times are UTC and say so in the column name (a file has no reader zone).
 */
export async function exportWaveCsv(db: Db, waveId: string, actor: Actor, now: Date): Promise<{ filename: string; csv: string; rows: number }> {
  const wave = await db.selectFrom('wave').select(['id', 'name']).where('id', '=', waveId).executeTakeFirst();
  if (!wave) throw new Error('That wave no longer exists.');
  const rows = await db.selectFrom('invite')
    .innerJoin('pod', 'pod.id', 'invite.pod_id')
    .innerJoin('person', 'person.id', 'invite.person_id')
    .leftJoin('team', 'team.id', 'person.team_id')
    .select((eb) => [
      'pod.name as pod', 'pod.status as podStatus', 'person.name', 'person.email', 'team.name as team', 'invite.status', 'invite.decline_kind',
      'invite.answered_at', 'invite.decline_reason',
      eb.selectFrom('pod_session').select(eb.fn.countAll<string>().as('n')).whereRef('pod_session.pod_id', '=', 'pod.id').where('pod_session.status', '=', 'held').as('held'),
      eb.selectFrom('attendance').innerJoin('pod_session', 'pod_session.id', 'attendance.session_id').select(eb.fn.countAll<string>().as('n'))
        .whereRef('pod_session.pod_id', '=', 'pod.id').whereRef('attendance.person_id', '=', 'person.id').where('attendance.status', '=', 'attended').as('attended'),
    ])
    .where('invite.wave_id', '=', waveId)
    .orderBy('pod.name').orderBy('person.name')
    .execute();
  const answer = (r: (typeof rows)[number]) =>
    r.status === 'declined' ? (r.decline_kind === 'not_this_time' ? 'not this time' : 'declined') : r.answered_at && !r.decline_kind ? 'accepted' : 'no answer';
  const csv = stringify(rows.map((r) => [
    wave.name, r.pod, r.podStatus, r.name, r.email, r.team ?? '', r.status, answer(r), r.answered_at?.toISOString() ?? '', r.decline_reason ?? '',
    Number(r.held ?? 0), Number(r.attended ?? 0),
  ]), { header: true, columns: [...WAVE_CSV_COLUMNS] });
  await recordAudit(db, { actorId: actor.personId, actorSlackId: actor.slackUserId, action: 'wave.export', allowed: true, subject: { waveId }, detail: `${rows.length} rows` }, now);
  const slug = wave.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'wave';
  return { filename: `${slug}.csv`, csv, rows: rows.length };
}
