import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { AuditLogTable } from './audit/audit.table.ts';
import type { RescheduleOfferTable } from './calendar/reschedule.table.ts';
import type { NudgeRecipientTable, NudgeTable } from './nudges/nudge.table.ts';
import type { OutboxTable } from './outbox/outbox.table.ts';
import type {
  AttendanceTable, CalendarSeriesTable, ExcludedPairTable, PairingTable, PodMemberTable, PodSessionTable, PodTable,
} from './pods/pod.table.ts';
import type { ProgrammeTable } from './programmes/programme.table.ts';
import type { PodAttentionTable, SessionCheckinTable } from './rhythm/rhythm.table.ts';
import type { HrDigestTable } from './reports/hr-digest.table.ts';
import type { ReportLinkTable } from './reports/report-link.table.ts';
import type { RetroResponseTable } from './retros/retro.table.ts';
import type { AddressHolderTable, PersonRoleTable, PersonTable, RosterSyncTable, TeamTable } from './roster/roster.table.ts';
import type { InviteTable, WaveMemberTable, WaveAdditionTable, WaveTable, WaveTeamTable } from './waves/wave.table.ts';

export interface Database {
  team: TeamTable;
  person: PersonTable;
  person_role: PersonRoleTable;
  address_holder: AddressHolderTable;
  roster_sync: RosterSyncTable;
  programme: ProgrammeTable;
  wave: WaveTable;
  wave_team: WaveTeamTable;
  wave_member: WaveMemberTable;
  wave_addition: WaveAdditionTable;
  pod: PodTable;
  invite: InviteTable;
  pod_member: PodMemberTable;
  pod_session: PodSessionTable;
  calendar_series: CalendarSeriesTable;
  attendance: AttendanceTable;
  session_checkin: SessionCheckinTable;
  pod_attention: PodAttentionTable;
  retro_response: RetroResponseTable;
  pairing: PairingTable;
  excluded_pair: ExcludedPairTable;
  outbox: OutboxTable;
  audit_log: AuditLogTable;
  report_link: ReportLinkTable;
  hr_digest: HrDigestTable;
  nudge: NudgeTable;
  nudge_recipient: NudgeRecipientTable;
  reschedule_offer: RescheduleOfferTable;
}

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Anything that runs queries: the database or an open transaction. */
export type Executor = Db | Tx;

// `date` columns stay 'YYYY-MM-DD' strings: turning them into Dates would shift them by the
// process's time zone. bigint ids stay strings.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

export function createDb(databaseUrl: string, options: { max?: number } = {}): Db {
  // A Slack delivery holds a connection for its advisory lock while it posts (16 at once, see
  // outbox-slack in src/queues.ts), beside the other queues' workers and the app.
  const pool = new pg.Pool({
    connectionString: databaseUrl, max: options.max ?? 30,
    // A few connections stay open through quiet spells: a new one costs a connect, the login and,
    // on its first write, compiling the report triggers' plans (about 17 ms), which the first
    // clicks after a pause used to pay inside their 3 s.
    min: 4, idleTimeoutMillis: 60_000,
  });
  // An idle client dropped by the server (restart, failover, shutdown) must not crash the
  // process; the next query gets a fresh connection or a clear error.
  pool.on('error', () => {});
  // A client checked out (inside a transaction, between two queries) when the server goes has
  // no listener of the pool's: without its own, the 'error' event would crash the process. The
  // query in flight still fails and the pool drops the client on release.
  pool.on('connect', (client) => client.on('error', () => {}));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
