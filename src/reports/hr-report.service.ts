import { sql } from 'kysely';
import { buildHrReport, type HrReport } from '../core/reports/hr-report.ts';
import type { Db } from '../db.ts';
import { compactReportRollup, loadConnections, loadPeopleGroups, loadReportWaves, loadTeams } from './hr-report.repository.ts';

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
 * for a build. `fresh` always builds (the digest, the demo).
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

/** Reads everything in one read-only repeatable-read snapshot so the figures agree. */
async function buildFromDatabase(db: Db, now: Date): Promise<HrReport> {
  await compactReportRollup(db);
  return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(async (tx) => {
    // A few thousand rollup rows: JIT compilation would cost more than the whole read.
    await sql`SET LOCAL jit = off`.execute(tx);
    const groups = await loadPeopleGroups(tx);
    const waves = await loadReportWaves(tx);
    const connections = await loadConnections(tx);
    const teams = await loadTeams(tx);
    const teamNames = new Map(teams.teams);
    if (groups.some((g) => g.teamId === 'none')) teamNames.set('none', 'No team');
    return buildHrReport({ groups, waves, connections, teams: teamNames, teamsInWaves: teams.teamsInWaves, generatedAt: now });
  });
}
