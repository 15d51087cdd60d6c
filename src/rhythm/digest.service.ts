import { DateTime } from 'luxon';
import { sql } from 'kysely';
import type { Db } from '../db.ts';
import { safeZone } from '../core/nudges/window.ts';
import { withOutbox } from '../outbox/outbox.service.ts';
import { nudge } from '../nudges/nudge.service.ts';
import { digestMessage, type DigestFacts, type Missed } from '../slack/blocks/rhythm.blocks.ts';
import { asPayload } from '../waves/invite-messages.ts';
import type { RhythmDeps } from './beat.service.ts';
import { digestKey } from './keys.ts';
import { existingNudgeKeys, LIVE_POD, settledOutcomes } from './rhythm.repository.ts';

const WAVE_WORDS: Record<string, string> = { inviting: 'inviting people', forming: 'forming pods', running: 'pods meeting', retro: 'in retrospective' };
const DIGEST_HOUR = 9;

/** Open attention flags with the two sessions behind each, for the lead home and the digest. */
export async function openFlags(db: Db, limit = 50) {
  const rows = await db.selectFrom('pod_attention as a').innerJoin('pod as p', 'p.id', 'a.pod_id').innerJoin('pod_session as s', 's.id', 'a.session_id')
    .innerJoin('wave as w', 'w.id', 'p.wave_id')
    .select(['a.pod_id', 'a.raised_at', 'p.name as podName', 'w.name as waveName', 'w.programme_id', 's.index'])
    .where('a.resolved_at', 'is', null).orderBy('a.raised_at', 'desc').limit(limit).execute();
  return Promise.all(rows.map(async (r) => ({
    ...r, missed: (await settledOutcomes(db, r.pod_id, r.index)).slice(-2).map((o) => ({ outcome: o.outcome, startsAt: o.starts_at }) as Missed),
  })));
}

/** Every programme's week: pods meeting, last week's sessions by outcome, open flags; waves in flight. */
export async function digestFacts(db: Db, now: Date, zone: string): Promise<DigestFacts> {
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000);
  const programmes = await db.selectFrom('programme').select(['id', 'name']).where('archived_at', 'is', null).orderBy('name').execute();
  const pods = await db.selectFrom('pod').innerJoin('wave', 'wave.id', 'pod.wave_id').select(['wave.programme_id', sql<number>`count(*)::int`.as('n')])
    .where('pod.status', 'in', [...LIVE_POD]).groupBy('wave.programme_id').execute();
  const sessions = await db.selectFrom('pod_session as s').innerJoin('pod', 'pod.id', 's.pod_id').innerJoin('wave', 'wave.id', 'pod.wave_id')
    .leftJoin('session_checkin as c', 'c.session_id', 's.id')
    .select(['wave.programme_id', 's.status', 'c.outcome', sql<number>`count(*)::int`.as('n')])
    .where('s.starts_at', '>=', weekAgo).where('s.starts_at', '<', now).groupBy(['wave.programme_id', 's.status', 'c.outcome']).execute();
  const flags = await openFlags(db);
  const waves = await db.selectFrom('wave').select(['name', 'status']).where('status', 'in', ['inviting', 'forming', 'running', 'retro']).orderBy('created_at').execute();
  const count = (pid: string, match: (r: (typeof sessions)[number]) => boolean) => sessions.filter((r) => r.programme_id === pid && match(r)).reduce((n, r) => n + r.n, 0);
  return {
    weekOf: DateTime.fromJSDate(now, { zone: safeZone(zone) }).startOf('week').toFormat('d LLL yyyy'),
    programmes: programmes.map((p) => ({
      name: p.name,
      podsMeeting: pods.find((x) => x.programme_id === p.id)?.n ?? 0,
      met: count(p.id, (r) => r.status === 'held'),
      skipped: count(p.id, (r) => r.status === 'skipped'),
      unknown: count(p.id, (r) => r.outcome === 'unknown'),
      flagged: flags.filter((f) => f.programme_id === p.id).map((f) => ({ podName: f.podName, missed: f.missed })),
    })).filter((p) => p.podsMeeting > 0 || p.flagged.length > 0 || p.met + p.skipped + p.unknown > 0),
    wavesInFlight: waves.map((w) => ({ name: w.name, status: WAVE_WORDS[w.status] ?? w.status })),
  };
}

/**
 * Reconciler entry: on Monday from 09:00 in each lead's own zone, their weekly digest (one per
 * lead per local week, keyed `digest/<person>/<monday>`); a tick missed for hours still sends it
 * that Monday, never later.
 */
export async function sendLeadDigests(deps: RhythmDeps): Promise<number> {
  const now = deps.clock.now();
  const leads = await deps.db.selectFrom('person').innerJoin('person_role', 'person_role.person_id', 'person.id')
    .select(['person.id', 'person.timezone']).where('person_role.role', '=', 'lead').where('person.status', '=', 'active')
    .where('person.slack_user_id', 'is not', null).execute();
  const due = leads.flatMap((lead) => {
    const monday = DateTime.fromJSDate(now, { zone: safeZone(lead.timezone) }).startOf('week');
    const at = monday.set({ hour: DIGEST_HOUR });
    if (now < at.toJSDate() || now >= monday.plus({ days: 1 }).toJSDate()) return [];
    return [{ lead, key: digestKey(lead.id, monday.toISODate()!), at: at.toJSDate(), stale: monday.plus({ days: 1 }).toJSDate() }];
  });
  const seen = await existingNudgeKeys(deps.db, due.map((d) => d.key));
  let sent = 0;
  for (const d of due.filter((x) => !seen.has(x.key))) {
    const facts = await digestFacts(deps.db, now, d.lead.timezone);
    await withOutbox(deps, (trx, emit) => nudge(trx, emit, {
      key: d.key, kind: 'digest', to: [d.lead.id], message: asPayload(digestMessage(facts)), plannedAt: d.at, staleAt: d.stale,
    }, now));
    sent++;
  }
  return sent;
}
