/**
 * The roster sync: Slack users.list joined with the Google Directory by email, written to
 * Postgres rows found by Slack id first (emails change; roster-match.ts), in one transaction.
 * Re-running it with nothing changed writes no person or team row;
 * people gone from a source become `left` (departed) and the waves are told (onPeopleLeft).
 * Given `enqueue` (the job does), the waves' messages (backfill invites) are queued as soon as the
 * transaction commits and lead homes refresh; without it (the CLI) they wait in the outbox for the
 * reconcile tick. Every run is recorded in roster_sync with its stats.
 */
import type { WebClient } from '@slack/web-api';
import type { Config } from '../config.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import type { Db, Tx } from '../db.ts';
import { directoryApi, type GoogleConnection } from '../google/auth.ts';
import type { DirectoryPerson } from '../google/directory.ts';
import type { Intent } from '../outbox/effects.ts';
import { withOutbox } from '../outbox/outbox.service.ts';
import type { Clock } from '../platform/clock.ts';
import type { Enqueue } from '../queue/enqueue.ts';
import type { Queues } from '../queues.ts';
import { refreshLeadHomes } from '../waves/lead-refresh.ts';
import { onPeopleLeft } from '../waves/leavers.ts';
import { walkDirectory } from './google-directory.ts';
import { realSleep, type Sleep, type WaitLog } from './rate-limit.ts';
import { changedColumns, columnsFor, mergeSources, type DesiredPerson } from './roster-merge.ts';
import { describeConflicts, parkingEmail, planRoster, type EmailConflict } from './roster-match.ts';
import type { NewPerson, Person } from './roster.table.ts';
import { walkSlackUsers, walkUsergroups } from './slack-directory.ts';
import { finishSyncRun, startSyncRun } from './sync-run.repository.ts';
import { ensureTeams } from './team.repository.ts';

export interface SyncDeps {
  db: Db;
  slack: WebClient;
  google: GoogleConnection;
  config: Pick<Config, 'TEAM_SOURCE' | 'INCLUDE_GUESTS' | 'GOOGLE_CUSTOMER'> & Partial<Pick<Config, 'PEERPODS_ADMINS' | 'ROSTER_REMOVAL_CONFIRM_SHARE'>>;
  /** An admin confirmed that up to this many people may be marked departed in this sync. */
  confirmRemovals?: number;
  clock: Clock;
  /** Queues the outbox rows the sync writes and refreshes lead homes after commit. */
  enqueue?: Enqueue<Queues>;
  /** Sleeps through rate limits; tests and the benchmark inject a virtual one. */
  sleep?: Sleep;
  /** Skip the Directory (e.g. a Slack-only install). Default: read it. */
  skipDirectory?: boolean;
}

export type SyncStats = Record<string, number>;

/** A source answered with nobody while the roster holds people from it: refusing to mark everyone as left. */
export class EmptySourceError extends Error {
  constructor(readonly source: 'slack' | 'directory', known: number) {
    super(`The ${source === 'slack' ? 'Slack workspace' : 'Google Directory'} returned no one, but ${known} people on the roster came from it. ` +
      'Nothing was changed; check the credentials and scopes, then run the sync again.');
    this.name = 'EmptySourceError';
  }
}

/**
 * A partial directory read (a scope lost, a page that failed silently) looks like a mass
 * departure, and departures are not undone: invites withdrawn, "X has left" told to pods. A sync
 * that would mark more than ROSTER_REMOVAL_CONFIRM_SHARE of the people it knows (default 10%) as
 * departed changes nothing until an admin confirms it on the home tab.
 */
export class MassRemovalError extends Error {
  constructor(readonly wouldRemove: number, readonly known: number) {
    super(`This sync would mark ${wouldRemove} of ${known} people as departed. Nothing was changed: if that is right, ` +
      'an admin confirms it on the peerpods home tab; if not, check the Slack and Google credentials and scopes.');
    this.name = 'MassRemovalError';
  }
}

/** Runs one sync; resolves to its stats. A failure is recorded on the run and rethrown. */
export async function syncRoster(deps: SyncDeps): Promise<{ runId: string; stats: SyncStats }> {
  const sleep = deps.sleep ?? realSleep;
  const runId = await startSyncRun(deps.db, 'slack_directory', deps.clock.now());
  try {
    const waits: WaitLog = { waits: 0, waitedMs: 0 };
    const slackWalk = await walkSlackUsers(deps.slack, { includeGuests: deps.config.INCLUDE_GUESTS, sleep, waits });
    const directory = deps.skipDirectory
      ? { people: [] as DirectoryPerson[], pages: 0, suspended: 0 }
      : await walkDirectory(directoryApi(deps.google), { customer: deps.config.GOOGLE_CUSTOMER, sleep, waits });
    const groups = deps.config.TEAM_SOURCE === 'usergroup' ? await walkUsergroups(deps.slack, { sleep, waits }) : undefined;
    const merged = mergeSources({
      slack: slackWalk.members,
      directory: directory.people,
      teamSource: deps.config.TEAM_SOURCE,
      ...(groups ? { usergroupOf: groups.teamOf } : {}),
    });
    const now = deps.clock.now();
    const empty = { slackEmpty: slackWalk.members.length === 0, directoryEmpty: directory.people.length === 0 && !deps.skipDirectory };
    const removals = { share: deps.config.ROSTER_REMOVAL_CONFIRM_SHARE ?? 0.1, confirmed: deps.confirmRemovals ?? 0 };
    const apply = (trx: Tx, emit?: (intent: Intent) => void) => applyRoster(trx, merged.people, deps.config.TEAM_SOURCE, now, empty, removals, emit);
    const enqueue = deps.enqueue;
    const { stats: applied, conflicts } = enqueue
      ? await withOutbox({ db: deps.db, clock: deps.clock, enqueue }, apply)
      : await deps.db.transaction().execute((trx) => apply(trx));
    // Headcounts and wave funnels on lead homes move with the roster.
    if (enqueue && applied.created + applied.updated + applied.left + applied.rejoined > 0) {
      await refreshLeadHomes({ db: deps.db, enqueue, clock: deps.clock, config: { PEERPODS_ADMINS: deps.config.PEERPODS_ADMINS ?? [] } });
    }
    const stats: SyncStats = {
      ...applied,
      slackMembers: slackWalk.members.length,
      slackPages: slackWalk.pages,
      skippedBots: slackWalk.skipped.bots,
      skippedDeleted: slackWalk.skipped.deleted,
      skippedGuests: slackWalk.skipped.guests,
      skippedNoEmail: slackWalk.skipped.noEmail,
      directoryPeople: directory.people.length,
      directoryPages: directory.pages,
      directorySuspended: directory.suspended,
      notInDirectory: merged.notInDirectory,
      duplicateEmails: merged.duplicateEmails,
      usergroups: groups?.groups ?? 0,
      usergroupMemberCalls: groups?.memberCalls ?? 0,
      rateLimitWaits: waits.waits,
      rateLimitWaitedMs: waits.waitedMs,
    };
    // A clash skips one person, not the run: the run succeeds and says whom an admin must look at.
    const detail = describeConflicts(conflicts);
    await finishSyncRun(deps.db, runId, { status: 'succeeded', stats, at: deps.clock.now(), ...(detail ? { error: detail } : {}) });
    return { runId, stats };
  } catch (error) {
    const stats = error instanceof MassRemovalError ? { wouldRemove: error.wouldRemove, known: error.known } : undefined;
    await finishSyncRun(deps.db, runId, { status: 'failed', error: error instanceof Error ? error.message : String(error), at: deps.clock.now(), ...(stats ? { stats } : {}) }).catch(() => {});
    throw error;
  }
}

interface ApplyStats {
  created: number;
  updated: number;
  unchanged: number;
  rejoined: number;
  left: number;
  teamsCreated: number;
  invitesWithdrawn: number;
  emailConflicts: number;
  [key: string]: number;
}

async function applyRoster(
  trx: Tx,
  desired: DesiredPerson[],
  teamSource: Config['TEAM_SOURCE'],
  now: Date,
  empty: { slackEmpty: boolean; directoryEmpty: boolean },
  removals: { share: number; confirmed: number },
  emit?: (intent: Intent) => void,
): Promise<{ stats: ApplyStats; conflicts: EmailConflict[] }> {
  const current = await trx.selectFrom('person').selectAll().execute();
  const fromSlack = current.filter((p) => p.in_slack && p.status !== 'left').length;
  const fromDirectory = current.filter((p) => p.in_directory && p.status !== 'left').length;
  if (empty.slackEmpty && fromSlack > 0) throw new EmptySourceError('slack', fromSlack);
  if (empty.directoryEmpty && fromDirectory > 0) throw new EmptySourceError('directory', fromDirectory);

  const teams = teamSource === 'csv' ? { ids: new Map<string, string>(), created: 0 } : await ensureTeams(trx, teamSource, desired.flatMap((d) => (d.team ? [d.team] : [])));
  const plan = planRoster(current, desired);

  const stats: ApplyStats = { created: 0, updated: 0, unchanged: 0, rejoined: 0, left: 0, teamsCreated: teams.created, invitesWithdrawn: 0, emailConflicts: plan.conflicts.length };
  // Skipped people are still listed by Slack: they keep their row as it is, never marked left.
  const present = new Set<string>(plan.skipped.map((p) => p.id));
  const wantedFor = (d: DesiredPerson) => columnsFor(d, d.team === undefined ? undefined : teams.ids.get(d.team));
  // Addresses moving between people (a swap) are freed first, so no update trips the UNIQUE email.
  for (const person of plan.parked) {
    await trx.updateTable('person').set({ email: parkingEmail(person.id) }).where('id', '=', person.id).execute();
  }
  const inserts: NewPerson[] = plan.inserts.map((d) => ({ ...(wantedFor(d) as NewPerson), email: d.email, name: d.name, last_synced_at: now, created_at: now, updated_at: now }));
  for (const { desired: d, existing } of plan.updates) {
    const wanted = wantedFor(d);
    present.add(existing.id);
    // Found by email while the row belongs to another Slack account: a re-hire, or an address
    // handed to someone new. Either way the old account's roles do not carry over.
    if (existing.slack_user_id && existing.slack_user_id !== d.slackUserId) {
      await endRoles(trx, existing.id, now, `the address ${d.email} now belongs to another Slack account (${d.slackUserId})`);
    }
    // Someone who left the company and came back is in the programme again; an opt-out stays.
    if (existing.status === 'left' && existing.left_reason === 'departed') {
      wanted.status = 'active';
      wanted.left_reason = null;
      stats.rejoined++;
    }
    const patch = changedColumns(existing, wanted);
    if (Object.keys(patch).length === 0) {
      stats.unchanged++;
      continue;
    }
    await trx.updateTable('person').set({ ...patch, last_synced_at: now, updated_at: now }).where('id', '=', existing.id).execute();
    stats.updated++;
  }
  for (let i = 0; i < inserts.length; i += 500) {
    await trx.insertInto('person').values(inserts.slice(i, i + 500)).execute();
  }
  stats.created = inserts.length;

  const leavers = current.filter((p) => !present.has(p.id) && (p.in_slack || p.in_directory) && !(p.status === 'left' && !p.in_slack && !p.in_directory));
  const departing = leavers.filter((p) => p.status !== 'left');
  const known = current.filter((p) => (p.in_slack || p.in_directory) && p.status !== 'left').length;
  // One person may always go (small rosters); more than the share needs an admin's confirmation.
  if (departing.length > Math.max(1, Math.floor(removals.share * known)) && departing.length > removals.confirmed) {
    throw new MassRemovalError(departing.length, known);
  }
  const leftIds: string[] = [];
  for (const person of leavers) leftIds.push(...(await markGone(trx, person, now)));
  stats.left = leftIds.length;
  stats.invitesWithdrawn = (await onPeopleLeft(trx, leftIds, now, emit)).withdrawnInvites.length;
  return { stats, conflicts: plan.conflicts };
}

/**
 * A person no source lists any more: flags cleared; `left` (departed) unless they had already
 * left. Their roles end with their employment: a lead, HR or admin who departs keeps no access,
 * and nothing is left for a later account to inherit.
 */
async function markGone(trx: Tx, person: Person, now: Date): Promise<string[]> {
  const becameLeft = person.status !== 'left';
  await endRoles(trx, person.id, now, 'departed: no longer in Slack or the Directory');
  await trx
    .updateTable('person')
    .set({
      in_slack: false,
      in_directory: false,
      ...(becameLeft ? { status: 'left' as const, left_reason: 'departed' as const, paused_until: null } : {}),
      last_synced_at: now,
      updated_at: now,
    })
    .where('id', '=', person.id)
    .execute();
  return becameLeft ? [person.id] : [];
}

/** Deletes a person's roles, auditing what ended and why (roles are global, not per programme). */
async function endRoles(trx: Tx, personId: string, now: Date, why: string): Promise<void> {
  const ended = await trx.deleteFrom('person_role').where('person_id', '=', personId).returning('role').execute();
  if (ended.length === 0) return;
  await recordAudit(trx, {
    actorId: null, actorSlackId: null, action: 'roles.ended', allowed: true,
    subject: { personId, roles: ended.map((r) => r.role) }, detail: `roster sync: ${why}`,
  }, now);
}
