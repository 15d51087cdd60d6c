import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compactReportRollup, loadConnections, loadPeopleGroups } from '../../src/reports/hr-report.repository.ts';
import type { Db } from '../../src/db.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { seedReportOrg, type ReportOrg } from './fixtures.ts';

let rt: TestRuntime;
let org: ReportOrg;
beforeAll(async () => {
  rt = await startTestRuntime({ workers: false, app: false });
  org = await seedReportOrg(rt.db, rt.slackEmulator);
});
afterAll(async () => rt?.stop());

/** What the report reads (after the compaction every build runs first), in a comparable form. */
async function rollup(db: Db) {
  await compactReportRollup(db);
  const groups = (await loadPeopleGroups(db))
    .map((g) => JSON.stringify([g.teamId, g.teamName, g.onRoster, Object.entries(g.outcomes).sort(), g.people, Object.entries(g.sums).sort()]))
    .sort();
  const connections = (await loadConnections(db)).map((c) => JSON.stringify(c)).sort();
  return { groups, connections };
}

/** The rollup the triggers kept must equal one recomputed from scratch. */
async function expectMatchesRebuild(db: Db) {
  const kept = await rollup(db);
  await sql`SELECT report_rebuild()`.execute(db);
  expect(kept).toEqual(await rollup(db));
}

describe('the HR report rollup (changes noted by triggers, recomputed before each build)', () => {
  it('matches a full recomputation after the seeded wave, before and after its deltas are folded in', async () => {
    const before = await rollup(rt.db);
    expect(before.groups.length).toBeGreaterThan(5);
    expect(before.connections.length).toBeGreaterThan(0);
    await expectMatchesRebuild(rt.db);
    await compactReportRollup(rt.db);
    expect(await rollup(rt.db)).toEqual(before);
  });

  it('follows every kind of change the report depends on', async () => {
    const db = rt.db;
    const [pod] = await db.selectFrom('pod').select(['id']).where('wave_id', '=', org.waveId).where('status', '=', 'continued').execute();
    const members = await db.selectFrom('pod_member').select(['person_id']).where('pod_id', '=', pod!.id).orderBy('seat').execute();
    const mover = members[0]!.person_id;
    await compactReportRollup(db);
    // A person moves team (their pod-mates' connections change too), another leaves the company.
    await db.updateTable('person').set({ team_id: org.teams.Legal! }).where('id', '=', mover).execute();
    await db.updateTable('person').set({ status: 'left', left_reason: 'departed' }).where('id', '=', members[1]!.person_id).execute();
    // A held session is found not to have happened; an attendance mark and a retro answer are withdrawn.
    const session = await db.selectFrom('pod_session').select('id').where('pod_id', '=', pod!.id).where('index', '=', 5).executeTakeFirstOrThrow();
    await db.updateTable('pod_session').set({ status: 'skipped' }).where('id', '=', session.id).execute();
    await db.deleteFrom('attendance').where('person_id', '=', members[2]!.person_id).where('status', '=', 'attended').execute();
    await db.deleteFrom('retro_response').where('pod_id', '=', pod!.id).where('person_id', '=', members[3]!.person_id).execute();
    // A member leaves the pod; a whole team is deleted (its people lose their team).
    await db.deleteFrom('pod_member').where('pod_id', '=', pod!.id).where('person_id', '=', members[3]!.person_id).execute();
    await db.deleteFrom('wave_team').where('team_id', '=', org.teams.Design!).execute();
    await db.deleteFrom('team').where('id', '=', org.teams.Design!).execute();
    // A newcomer, and an invite to them in a new pod that forms.
    const newcomer = await db.insertInto('person').values({ email: 'late@example.com', name: 'Late', team_id: org.teams.Support!, in_csv: true })
      .returning('id').executeTakeFirstOrThrow();
    const late = await db.insertInto('pod').values({ wave_id: org.waveId, name: 'Late pod', status: 'inviting', min_size: 2, max_size: 5 })
      .returning('id').executeTakeFirstOrThrow();
    await db.insertInto('invite').values({ pod_id: late.id, wave_id: org.waveId, person_id: newcomer.id, status: 'accepted', answered_at: new Date() }).execute();
    await db.insertInto('pod_member').values({ pod_id: late.id, person_id: newcomer.id, seat: 0 }).execute();
    await db.updateTable('pod').set({ status: 'confirmed', confirmed_at: new Date() }).where('id', '=', late.id).execute();
    await expectMatchesRebuild(db);
    // Several changes in one transaction that rolls back leave no trace.
    const kept = await rollup(db);
    await db.transaction().execute(async (tx) => {
      await tx.updateTable('pod').set({ status: 'running' }).where('id', '=', late.id).execute();
      await tx.deleteFrom('invite').where('person_id', '=', newcomer.id).execute();
      throw new Error('roll back');
    }).catch(() => {});
    expect(await rollup(db)).toEqual(kept);
  });

  it('never makes two writers wait on each other: opposite-order updates of the same people both commit', async () => {
    const db = rt.db;
    // Two people with attendance rows on two sessions: each writer flips its own session's rows
    // (no row in common), one in the order A, B and the other B, A.
    const pair = await sql<{ a: string; b: string; s1: string; s2: string }>`
      SELECT x.person_id AS a, y.person_id AS b, x.session_id AS s1, z.session_id AS s2
      FROM attendance x
      JOIN attendance y ON y.session_id = x.session_id AND y.person_id > x.person_id
      JOIN attendance z ON z.person_id = x.person_id AND z.session_id <> x.session_id
      JOIN attendance w ON w.person_id = y.person_id AND w.session_id = z.session_id
      LIMIT 1`.execute(db);
    const { a, b, s1, s2 } = pair.rows[0]!;
    const flip = (tx: typeof db, session: string, person: string) => sql`UPDATE attendance SET status = CASE status WHEN 'attended' THEN 'absent' ELSE 'attended' END
      WHERE session_id = ${session} AND person_id = ${person}`.execute(tx);
    // Had the rollup locked each person it recomputes, these two transactions would deadlock (each
    // holds one person and waits for the other); noting who changed takes no lock.
    let release!: () => void;
    const bothWrote = new Promise<void>((resolve) => { release = resolve; });
    let wrote = 0;
    const writer = (session: string, first: string, second: string) => db.transaction().execute(async (tx) => {
      await flip(tx, session, first);
      if (++wrote === 2) release();
      await bothWrote;
      await flip(tx, session, second);
    });
    await expect(Promise.all([writer(s1, a, b), writer(s2, b, a)])).resolves.toBeDefined();
    await expectMatchesRebuild(db);
  });

  it('a change committed while a compaction runs is counted by the next one', async () => {
    const db = rt.db;
    await compactReportRollup(db);
    const row = await db.selectFrom('attendance').select(['session_id', 'person_id']).where('status', '=', 'attended').executeTakeFirstOrThrow();
    // The compactor holds its lock; a writer commits meanwhile; its note survives the compaction.
    await db.transaction().execute(async (compactor) => {
      await sql`SELECT pg_advisory_xact_lock(1919251318)`.execute(compactor);
      await db.updateTable('attendance').set({ status: 'absent' }).where('session_id', '=', row.session_id).where('person_id', '=', row.person_id).execute();
    });
    const noted = await sql<{ n: number }>`SELECT count(*)::int AS n FROM report_dirty`.execute(db);
    expect(noted.rows[0]!.n).toBeGreaterThan(0);
    await expectMatchesRebuild(db);
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM report_dirty`.execute(db)).rows[0]!.n).toBe(0);
  });
});
