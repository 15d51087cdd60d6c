import { sql } from 'kysely';
import { buildHrReport, type HrReport } from '../core/reports/hr-report.ts';
import type { Db } from '../db.ts';
import { loadConnections, loadPeopleGroups, loadReportWaves, loadTeams } from './hr-report.repository.ts';

/** How long one built report serves every HR surface of this process. */
export const REPORT_SNAPSHOT_MS = 60_000;

const snapshots = new WeakMap<Db, { at: number; report: Promise<HrReport> }>();

/**
 * The HR report every HR surface draws from (home tab, report page, CSV, digest), protected as
 * one set of figures. A built report serves this process's surfaces for a minute (by the service
 * clock): HR figures move by the week, so a minute-old snapshot loses nothing, every surface a
 * person opens together agrees, and a home-tab refresh costs no database work.
 */
export async function loadHrReport(db: Db, now: Date, options: { fresh?: boolean } = {}): Promise<HrReport> {
  const cached = snapshots.get(db);
  if (!options.fresh && cached && now.getTime() - cached.at >= 0 && now.getTime() - cached.at < REPORT_SNAPSHOT_MS) return cached.report;
  const report = buildFromDatabase(db, now);
  snapshots.set(db, { at: now.getTime(), report });
  report.catch(() => snapshots.delete(db));
  return report;
}

/** Reads everything in one read-only repeatable-read snapshot so the figures agree. */
async function buildFromDatabase(db: Db, now: Date): Promise<HrReport> {
  return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(async (tx) => {
    // Whole-organisation aggregates: JIT compilation costs more than it saves here, and the
    // grouping sorts fit in memory instead of spilling to disk.
    await sql`SET LOCAL jit = off`.execute(tx);
    await sql`SET LOCAL work_mem = '64MB'`.execute(tx);
    const groups = await loadPeopleGroups(tx);
    const waves = await loadReportWaves(tx);
    const connections = await loadConnections(tx);
    const teams = await loadTeams(tx);
    const teamNames = new Map(teams.teams);
    if (groups.some((g) => g.teamId === 'none')) teamNames.set('none', 'No team');
    return buildHrReport({ groups, waves, connections, teams: teamNames, teamsInWaves: teams.teamsInWaves, generatedAt: now });
  });
}
