import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { createDb, type Database, type Executor } from '../src/db.ts';
import { migrateToLatest } from '../src/migrate.ts';
import { reportCharts } from '../src/reports/report-charts.ts';
import { compactReportRollup, loadConnections, loadPeopleGroups, loadReportWaves, loadRollupVersion, loadTeams } from '../src/reports/hr-report.repository.ts';
import { buildHrReportNow, forgetReportBuilds, loadHrReport, type BuildSpans } from '../src/reports/hr-report.service.ts';
import { reportCsvFile, reportPageFile } from '../src/reports/report-render.ts';
import { hrHomeBlocks } from '../src/slack/blocks/hr.blocks.ts';
import { seedReportsOrg } from './reports-seed.ts';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

async function time(runs: number, work: () => Promise<unknown>, before?: () => Promise<unknown>): Promise<{ p50: number; p95: number; max: number }> {
  for (let i = 0; i < 2; i++) {
    await before?.();
    await work(); // warm caches and the JIT
  }
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    await before?.(); // untimed
    const start = performance.now();
    await work();
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return { p50: round(quantile(ms, 0.5)), p95: round(quantile(ms, 0.95)), max: round(ms.at(-1)!) };
}

/** Seeds the organisation, then times each HR surface end to end (queries, privacy, rendering). */
export async function run(options: { runs: number }) {
  const dbName = `peerpods_bench_reports_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${dbName}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${dbName}`;
  const db = createDb(url.toString(), { max: 2 });
  try {
    await migrateToLatest(db);
    const seedStart = performance.now();
    await seedReportsOrg(db);
    const seedMs = Math.round(performance.now() - seedStart);
    const counts = await sql<{ people: number; pods: number; sessions: number; attendance: number; waves: number; retro: number }>`
      SELECT (SELECT count(*) FROM person)::int AS people, (SELECT count(*) FROM pod)::int AS pods,
        (SELECT count(*) FROM pod_session)::int AS sessions, (SELECT count(*) FROM attendance)::int AS attendance,
        (SELECT count(*) FROM wave)::int AS waves, (SELECT count(*) FROM retro_response)::int AS retro`.execute(db);
    const now = new Date('2026-06-01T09:00:00Z');
    const sample = await loadHrReport(db, now);
    // One attendance mark flipped and committed: the rollup moves, so the next build is cold.
    const mark = (await sql<{ session_id: string; person_id: string }>`
      SELECT a.session_id, a.person_id FROM attendance a JOIN pod_session s ON s.id = a.session_id WHERE s.status = 'held' LIMIT 1`.execute(db)).rows[0]!;
    const change = () => sql`UPDATE attendance SET status = CASE status WHEN 'attended' THEN 'absent' ELSE 'attended' END
      WHERE session_id = ${mark.session_id} AND person_id = ${mark.person_id}`.execute(db);
    // Cold: the process remembers nothing (as after a restart; forgotten before each run,
    // untimed) and one mark flipped: every surface compacts, reads the rollup, protects every
    // figure and renders. After a change: one mark flipped since the last build: the figures
    // are computed again, the protection is reused (no group crossed 0, 1-4, 5+), the page
    // re-rendered. Unchanged: a build asked for (`fresh`) with nothing changed: the version
    // check serves the last report and its rendered files. Warm: the one-minute snapshot.
    const forgetAndChange = async () => {
      forgetReportBuilds(db);
      await change();
    };
    const surface = (fresh: boolean) => ({
      home: async () => hrHomeBlocks(await loadHrReport(db, now, { fresh }), undefined),
      csv: async () => reportCsvFile(await loadHrReport(db, now, { fresh })),
      report_page: async () => reportPageFile(await loadHrReport(db, now, { fresh }), 'hr.csv?t=x'),
    });
    const surfaces: Record<string, { p50: number; p95: number; max: number }> = {};
    for (const [name, work] of Object.entries(surface(true))) surfaces[`${name} (cold)`] = await time(options.runs, work, forgetAndChange);
    for (const [name, work] of Object.entries(surface(true))) surfaces[`${name} (after a change)`] = await time(options.runs, work, change);
    for (const [name, work] of Object.entries(surface(true))) surfaces[`${name} (unchanged)`] = await time(options.runs, work);
    for (const [name, work] of Object.entries(surface(false))) surfaces[`${name} (warm)`] = await time(options.runs, work);
    // Where a cold build's time goes: queries (with the compaction), defining the figures,
    // protecting them, computing them, then the page's four charts.
    const spans: Required<BuildSpans & { chartsMs: number }>[] = [];
    for (let i = 0; i < Math.max(5, Math.min(options.runs, 10)); i++) {
      await forgetAndChange();
      const span: BuildSpans = {};
      const report = await buildHrReportNow(db, now, span);
      const start = performance.now();
      await reportCharts(report);
      spans.push({ sqlMs: 0, figuresMs: 0, protectMs: 0, evaluateMs: 0, totalMs: 0, ...span, chartsMs: performance.now() - start });
    }
    const median = (key: keyof (typeof spans)[number]) => {
      const sorted = spans.map((s) => s[key]).sort((a, b) => a - b);
      return Math.round(sorted[Math.floor(sorted.length / 2)]! * 10) / 10;
    };
    const coldSpans = { sql: median('sqlMs'), figures: median('figuresMs'), protect: median('protectMs'), evaluate: median('evaluateMs'), charts: median('chartsMs') };
    const queries: Record<string, { p50: number; p95: number; max: number }> = {};
    for (const [name, load] of Object.entries(REPOSITORY)) {
      queries[name] = await time(5, () => db.transaction().execute(async (tx) => {
        await sql`SET LOCAL jit = off`.execute(tx);
        await sql`SET LOCAL work_mem = '64MB'`.execute(tx);
        return load(tx);
      }));
    }
    const slowest = Object.entries(queries).sort((a, b) => b[1].p50 - a[1].p50)[0]![0] as keyof typeof REPOSITORY;
    // The rollup the report reads, and the indexes the triggers use to recompute one person.
    const indexes = await sql<{ indexname: string; indexdef: string }>`
      SELECT indexname, indexdef FROM pg_indexes WHERE tablename LIKE 'report\_%' OR indexname IN
        ('pod_member_person_idx', 'invite_person_wave_idx', 'pod_session_held_idx', 'retro_response_person_idx')
      ORDER BY indexname`.execute(db);
    const rollup = await sql<{ cells: number; pairs: number; people_rows: number }>`
      SELECT (SELECT count(*) FROM report_cell)::int AS cells, (SELECT count(*) FROM report_pair)::int AS pairs,
        (SELECT count(*) FROM report_person_cell)::int AS people_rows`.execute(db);
    const writes = await triggerCost(db);
    const plan = await explain(url.toString(), slowest);
    return { counts: counts.rows[0]!, seedMs, surfaces, coldSpans, queries, slowest, plan, indexes: indexes.rows, rollup: rollup.rows[0]!, writes, sample };
  } finally {
    await db.destroy();
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
}

/**
 * What the rollup triggers add to the writes they follow (one attendance mark changed, one held
 * session marked skipped: a note of who changed), each in its own transaction, rolled back; and
 * what the next build's compaction pays to recompute 2,000 changed people.
 */
async function triggerCost(db: ReturnType<typeof createDb>) {
  const session = await sql<{ id: string; person_id: string }>`
    SELECT a.session_id AS id, a.person_id FROM attendance a JOIN pod_session s ON s.id = a.session_id WHERE s.status = 'held' LIMIT 1`.execute(db);
  const { id, person_id } = session.rows[0]!;
  const timed = async (statement: (tx: Executor) => Promise<unknown>, disabled: boolean) => {
    const ms: number[] = [];
    for (let i = 0; i < 7; i++) {
      await db.transaction().execute(async (tx) => {
        if (disabled) await sql`SET LOCAL session_replication_role = replica`.execute(tx); // triggers off: the baseline
        const start = performance.now();
        await statement(tx);
        ms.push(performance.now() - start);
        throw new Rollback();
      }).catch((e) => { if (!(e instanceof Rollback)) throw e; });
    }
    ms.sort((a, b) => a - b);
    return Math.round(ms[3]! * 10) / 10;
  };
  const attendance = (tx: Executor) => sql`UPDATE attendance SET status = CASE status WHEN 'attended' THEN 'absent' ELSE 'attended' END WHERE session_id = ${id} AND person_id = ${person_id}`.execute(tx);
  const skip = (tx: Executor) => sql`UPDATE pod_session SET status = 'skipped' WHERE id = ${id}`.execute(tx);
  // What the next build pays for a burst of changes: 2,000 people's invites touched, then the
  // compaction that recomputes them (timed alone; all in a transaction that rolls back).
  const compactAfter = async (people: number) => {
    let ms = 0;
    await db.transaction().execute(async (tx) => {
      await sql`UPDATE invite SET answered_at = answered_at WHERE person_id IN (SELECT person_id FROM invite GROUP BY person_id ORDER BY person_id LIMIT ${people})`.execute(tx);
      const start = performance.now();
      await sql`SELECT report_compact()`.execute(tx);
      ms = performance.now() - start;
      throw new Rollback();
    }).catch((e) => { if (!(e instanceof Rollback)) throw e; });
    return Math.round(ms);
  };
  return {
    compact_after_2000_people_ms: await compactAfter(2000),
    attendance_ms: { with_rollup: await timed(attendance, false), without: await timed(attendance, true) },
    session_skipped_ms: { with_rollup: await timed(skip, false), without: await timed(skip, true) },
  };
}

class Rollback extends Error {}

/** EXPLAIN (ANALYZE, BUFFERS) of the slowest statement a repository function runs. */
async function explain(databaseUrl: string, name: keyof typeof REPOSITORY): Promise<string> {
  const statements: { sql: string; parameters: readonly unknown[]; ms: number }[] = [];
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  const logged = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (event.level === 'query') statements.push({ sql: event.query.sql, parameters: event.query.parameters, ms: event.queryDurationMillis });
    },
  });
  try {
    await REPOSITORY[name](logged);
    const slowest = statements.sort((a, b) => b.ms - a.ms)[0]!;
    // As loadHrReport runs it: no JIT, room to sort in memory.
    const client = await pool.connect();
    let rows: Record<string, string>[];
    try {
      await client.query(`SET jit = off; SET work_mem = '64MB'`);
      rows = (await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${slowest.sql}`, [...slowest.parameters])).rows;
    } finally {
      client.release();
    }
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  } finally {
    await logged.destroy();
  }
}

const REPOSITORY = { compact: compactReportRollup, version: loadRollupVersion, people_groups: loadPeopleGroups, connections: loadConnections, waves: loadReportWaves, teams: loadTeams };
