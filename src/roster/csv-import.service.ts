/**
 * `peerpods roster import FILE.csv`: all or nothing, in one transaction. Checks that need the
 * database (managers already on the roster, Slack ids held by someone else) run inside that
 * transaction; any problem rolls everything back.
 *
 * Importing the same file again changes no person or team row. It does record the run: roster_sync
 * is the log admins read to see when the roster was last checked against its source, so a run
 * that found nothing to change is recorded too, with stats {created: 0, updated: 0, unchanged: N}.
 * The run row commits with the import (a rejected file records nothing: the CLI shows why).
 */
import type { Db, Tx } from '../db.ts';
import { formatProblems, parseRosterCsv, type CsvProblem } from './csv-import.ts';
import type { RosterCsvRow } from './csv-format.ts';
import { changedColumns } from './roster-merge.ts';
import type { NewPerson, PersonUpdate } from './roster.table.ts';
import { finishSyncRun, startSyncRun } from './sync-run.repository.ts';
import { ensureTeams } from './team.repository.ts';

/** The file has problems; nothing was written. The message lists every one. */
export class RosterCsvError extends Error {
  constructor(readonly file: string, readonly problems: CsvProblem[]) {
    super(`${file} was not imported (${problems.length} problem${problems.length === 1 ? '' : 's'}); nothing was changed. Fix these and run again:\n${formatProblems(file, problems)}`);
    this.name = 'RosterCsvError';
  }
}

export interface ImportStats {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  teamsCreated: number;
  [key: string]: number;
}

export async function importRosterCsv(db: Db, input: { file: string; text: string; now: Date }): Promise<ImportStats> {
  const stats = await db.transaction().execute(async (trx) => {
    const people = await trx.selectFrom('person').select(['email', 'manager_email', 'slack_user_id']).execute();
    const parsed = parseRosterCsv(input.text, {
      managerOf: new Map(people.map((p) => [p.email, p.manager_email])),
      slackIdOwner: new Map(people.flatMap((p) => (p.slack_user_id ? [[p.slack_user_id, p.email] as const] : []))),
    });
    if (parsed.problems.length) throw new RosterCsvError(input.file, parsed.problems);
    const applied = await applyRows(trx, parsed.rows.map((r) => r.row), input.now);
    const runId = await startSyncRun(trx, 'csv', input.now);
    await finishSyncRun(trx, runId, { status: 'succeeded', stats: applied, at: input.now });
    return applied;
  });
  return stats;
}

async function applyRows(trx: Tx, rows: RosterCsvRow[], now: Date): Promise<ImportStats> {
  const teams = await ensureTeams(trx, 'csv', rows.map((r) => r.team));
  const existing = new Map((await trx.selectFrom('person').selectAll().where('email', 'in', rows.map((r) => r.email)).execute()).map((p) => [p.email, p]));
  const stats: ImportStats = { rows: rows.length, created: 0, updated: 0, unchanged: 0, teamsCreated: teams.created };
  const inserts: NewPerson[] = [];
  for (const row of rows) {
    const wanted: PersonUpdate = {
      name: row.name,
      team_id: teams.ids.get(row.team)!,
      department: row.department,
      manager_email: row.manager_email,
      location: row.location,
      timezone: row.timezone,
      title: row.title,
      in_csv: true,
      ...(row.slack_user_id ? { slack_user_id: row.slack_user_id } : {}),
    };
    const current = existing.get(row.email);
    if (!current) {
      inserts.push({ ...(wanted as NewPerson), email: row.email, created_at: now, updated_at: now });
      continue;
    }
    const patch = changedColumns(current, wanted);
    if (Object.keys(patch).length === 0) stats.unchanged++;
    else {
      await trx.updateTable('person').set({ ...patch, updated_at: now }).where('id', '=', current.id).execute();
      stats.updated++;
    }
  }
  // Managers may be listed after their reports: the manager column is not a foreign key, so order is free.
  for (let i = 0; i < inserts.length; i += 500) await trx.insertInto('person').values(inserts.slice(i, i + 500)).execute();
  stats.created = inserts.length;
  return stats;
}
