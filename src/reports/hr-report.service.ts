import { sql } from 'kysely';
import { performance } from 'node:perf_hooks';
import { ProtectionMemo } from '../core/privacy/index.ts';
import { buildHrReport, type HrReport, type ReportSpans } from '../core/reports/hr-report.ts';
import type { Db } from '../db.ts';
import { compactReportRollup, loadConnections, loadPeopleGroups, loadReportWaves, loadRollupVersion, loadTeams } from './hr-report.repository.ts';

/** How long one built report serves this process's HR surfaces before a rebuild is started. */
export const REPORT_SNAPSHOT_MS = 60_000;
/** How long a snapshot may still be served (while its replacement is built) before a viewer waits. */
export const REPORT_STALE_MS = 15 * 60_000;

const snapshots = new WeakMap<Db, { at: number; report: Promise<HrReport>; next?: Promise<HrReport> }>();

/**
 * The HR report every HR surface draws from (home tab, report page, CSV, digest), protected as
 * one set of figures. A built report serves this process's surfaces for a minute (by the service
 * clock); after that the next one is built in the background while the last keeps serving, for
 * up to 15 minutes. HR figures move by the week: every surface a person opens together agrees,
 * the page says when its figures were taken, and only the first viewer after a long quiet waits
 * for a build. `fresh` always reads the database (the digest, the demo): when nothing moved since the last
 * build that is a version check and the last report.
 */
export async function loadHrReport(db: Db, now: Date, options: { fresh?: boolean } = {}): Promise<HrReport> {
  const cached = snapshots.get(db);
  const age = cached ? now.getTime() - cached.at : Infinity;
  if (!options.fresh && cached && age >= 0 && age < REPORT_SNAPSHOT_MS) return cached.report;
  if (!options.fresh && cached && age >= 0 && age < REPORT_STALE_MS) {
    if (!cached.next) {
      const next = buildFromDatabase(db, now);
      cached.next = next;
      next.then(
        () => snapshots.set(db, { at: now.getTime(), report: next }),
        () => (cached.next = undefined),
      );
    }
    return cached.report;
  }
  const report = buildFromDatabase(db, now);
  snapshots.set(db, { at: now.getTime(), report });
  report.catch(() => snapshots.delete(db));
  return report;
}

/** What the last build of each database saw, and what it built from it. */
const built = new WeakMap<Db, { key: string; report: HrReport }>();
/** The last protection of each database's figures, reused while no group moved across 0, 1–4, 5+. */
const memos = new WeakMap<Db, ProtectionMemo>();

/**
 * Reads everything in one read-only repeatable-read snapshot so the figures agree. When the
 * rollup's version (bumped by every compaction that folds a change in), the waves and the teams
 * are what the last build saw, its report is returned as it is: the same figures, already
 * protected, and (keyed by that report) the charts, CSV and page already rendered.
 */
async function buildFromDatabase(db: Db, now: Date, spans?: BuildSpans): Promise<HrReport> {
  let start = performance.now();
  await compactReportRollup(db);
  const report = await db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(async (tx) => {
    // A few thousand rollup rows: JIT compilation would cost more than the whole read.
    await sql`SET LOCAL jit = off`.execute(tx);
    const version = await loadRollupVersion(tx);
    const waves = await loadReportWaves(tx);
    const teams = await loadTeams(tx);
    const key = JSON.stringify([version, waves, [...teams.teams], teams.teamsInWaves]);
    const last = built.get(db);
    if (last?.key === key) return last.report;
    const groups = await loadPeopleGroups(tx);
    const connections = await loadConnections(tx);
    if (spans) spans.sqlMs = performance.now() - start;
    start = performance.now();
    const teamNames = new Map(teams.teams);
    if (groups.some((g) => g.teamId === 'none')) teamNames.set('none', 'No team');
    let memo = memos.get(db);
    if (!memo) memos.set(db, (memo = new ProtectionMemo()));
    const report = buildHrReport({ groups, waves, connections, teams: teamNames, teamsInWaves: teams.teamsInWaves, generatedAt: now }, spans, memo);
    built.set(db, { key, report });
    return report;
  });
  if (spans) spans.totalMs = (spans.sqlMs ?? 0) + performance.now() - start;
  return report;
}

/** Drops what this process remembers of a database's builds (the next build starts from nothing, as after a restart). */
export function forgetReportBuilds(db: Db): void {
  snapshots.delete(db);
  built.delete(db);
  memos.delete(db);
}

/** Where a build's time went (for the bench): queries, then the figures and their protection. */
export interface BuildSpans extends ReportSpans {
  sqlMs?: number;
  totalMs?: number;
}

/** Builds the report from the database now, bypassing the snapshot; spans say where the time went (bench). */
export function buildHrReportNow(db: Db, now: Date, spans?: BuildSpans): Promise<HrReport> {
  return buildFromDatabase(db, now, spans);
}
