import { peopleWithRole } from '../../roster/person.repository.ts';
import { teamHeadcounts } from '../../roster/availability.repository.ts';
import { lastSyncRun } from '../../roster/sync-run.repository.ts';
import { actions, button, context, escape, header, section } from '../blocks/common.ts';
import { slackDate } from '../blocks/time.ts';
import type { HomeSection } from './sections.ts';

const SHOWN_TEAMS = 40;

/** Admins: the roster's health (teams, headcount, last sync), who holds which role, and the levers. */
export const adminSection: HomeSection = {
  id: 'admin',
  role: 'admin',
  async render(ctx, actor) {
    const [teams, lastSync, leads, hr] = await Promise.all([
      teamHeadcounts(ctx.db, ctx.clock.now(), { includeGuests: ctx.config.INCLUDE_GUESTS }),
      lastSyncRun(ctx.db),
      peopleWithRole(ctx.db, 'lead'),
      peopleWithRole(ctx.db, 'hr'),
    ]);
    const total = teams.reduce((sum, t) => sum + t.headcount, 0);
    const available = teams.reduce((sum, t) => sum + t.available, 0);
    const teamLines = teams
      .filter((t) => t.headcount > 0)
      .slice(0, SHOWN_TEAMS)
      .map((t) => `${escape(t.name)}: ${t.headcount} (${t.available} available)`);
    const hidden = teams.filter((t) => t.headcount > 0).length - teamLines.length;
    const who = (list: { slack_user_id: string | null; name: string }[]) =>
      list.length ? list.map((p) => (p.slack_user_id ? `<@${p.slack_user_id}>` : escape(p.name))).join(', ') : '_nobody yet_';
    return [
      header('Admin'),
      section(
        teams.length
          ? `*Roster:* ${total} people in ${teams.length} teams, ${available} available to invite.\n${teamLines.join(' · ')}${hidden > 0 ? ` · and ${hidden} more` : ''}`
          : 'No teams yet: run a roster sync or import a CSV.',
      ),
      context(describeSync(lastSync, actor.person?.timezone)),
      ...removalConfirmation(lastSync),
      section(`*Programme leads:* ${who(leads)}\n*HR:* ${who(hr)}\n*Admins* come from PEERPODS_ADMINS.`),
      actions('admin_controls', [button('Sync roster now', 'roster_sync_now'), button('Manage roles…', 'roles_open')]),
    ];
  },
};

/** The last run, its time in the admin's own zone (a Slack date token). */
function describeSync(run: Awaited<ReturnType<typeof lastSyncRun>>, timezone: string | null | undefined): string {
  if (!run) return 'The roster has never been synced.';
  const when = slackDate(run.finished_at ?? run.started_at, timezone);
  const source = run.source === 'csv' ? 'CSV import' : 'Roster sync';
  if (run.status === 'running') return `${source} running since ${when}.`;
  if (run.status === 'failed') return `:warning: ${source} failed at ${when}: ${escape(run.error ?? 'unknown error')}`;
  const s = run.stats;
  const figures = run.source === 'csv'
    ? `${s.created ?? 0} new, ${s.updated ?? 0} updated`
    : `${s.created ?? 0} new, ${s.updated ?? 0} updated, ${s.left ?? 0} left, ${s.rateLimitWaits ?? 0} rate-limit waits`;
  // A sync that skipped someone (e.g. their new email belongs to another row) still succeeds;
  // the admin must see who and why, or the person silently stops being synced.
  const skipped = s.emailConflicts ? `\n:warning: ${s.emailConflicts} skipped: ${escape(run.error ?? 'see the roster_sync log')}` : '';
  return `${source} succeeded at ${when}: ${figures}.${skipped}`;
}

export const CONFIRM_REMOVALS_ACTION = 'roster_sync_confirm_removals';

/** A sync refused for its many departures: the admin may confirm it (it then runs again). */
function removalConfirmation(run: Awaited<ReturnType<typeof lastSyncRun>>) {
  const wouldRemove = run?.status === 'failed' ? run.stats.wouldRemove : undefined;
  if (!wouldRemove) return [];
  return [
    section(`:warning: *The last roster sync would mark ${wouldRemove} of ${run!.stats.known ?? '?'} people as departed*, more than ` +
      'peerpods applies without a check. A partial read of Slack or the Directory looks like this. If those people really left, ' +
      'confirm: their invites are withdrawn and their pods told.'),
    actions('admin_removals', [button(`Confirm: ${wouldRemove} people left`, CONFIRM_REMOVALS_ACTION, String(wouldRemove), 'danger')]),
  ];
}
