import { buildHrReport, type HrReport } from '../core/reports/hr-report.ts';
import type { Executor } from '../db.ts';
import { loadConnections, loadPeopleGroups, loadReportWaves, loadTeams } from './hr-report.repository.ts';

/**
 * The HR report every HR surface draws from (home tab, report page, CSV, digest), protected as
 * one set of figures. Runs its reads in one repeatable-read snapshot so the figures agree.
 */
export async function loadHrReport(db: Executor, now: Date): Promise<HrReport> {
  const read = async (tx: Executor) => {
    const [groups, waves, connections, teams] = [
      await loadPeopleGroups(tx), await loadReportWaves(tx), await loadConnections(tx), await loadTeams(tx),
    ];
    const teamNames = new Map(teams.teams);
    if (groups.some((g) => g.teamId === 'none')) teamNames.set('none', 'No team');
    return buildHrReport({ groups, waves, connections, teams: teamNames, teamsInWaves: teams.teamsInWaves, generatedAt: now });
  };
  if ('isTransaction' in db && db.isTransaction) return read(db);
  return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(read);
}
