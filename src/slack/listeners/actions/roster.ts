import type { App } from '@slack/bolt';
import type { AppContext } from '../../context.ts';
import { memberJoin } from './member-join.ts';
import { memberLeave } from './member-leave.ts';
import { memberResume } from './member-resume.ts';
import { memberPauseOpen } from './member-pause-open.ts';
import { rolesOpen } from './roles-open.ts';
import { rosterSyncNow } from './roster-sync-now.ts';
import { rosterConfirmRemovals } from './roster-confirm-removals.ts';
import { CONFIRM_REMOVALS_ACTION } from '../../home/admin.section.ts';

/** Roster buttons (issue 3): member self-service on every home, sync and roles on the admin's. */
export function registerRosterActions(app: App, ctx: AppContext): void {
  app.action('member_join', memberJoin(ctx));
  app.action('member_resume', memberResume(ctx));
  app.action('member_leave', memberLeave(ctx));
  app.action('member_pause_open', memberPauseOpen(ctx));
  app.action('roster_sync_now', rosterSyncNow(ctx));
  app.action('roles_open', rolesOpen(ctx));
  app.action(CONFIRM_REMOVALS_ACTION, rosterConfirmRemovals(ctx));
}
