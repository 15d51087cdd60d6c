import type { App } from '@slack/bolt';
import { ROSTER_VIEWS } from '../../blocks/roster.blocks.ts';
import type { AppContext } from '../../context.ts';
import { memberPause } from './member-pause.ts';
import { rolesSubmit } from './roles-submit.ts';

/** Roster modals (issue 3): the member's pause date, the admin's role changes. */
export function registerRosterViews(app: App, ctx: AppContext): void {
  app.view(ROSTER_VIEWS.pause, memberPause(ctx));
  app.view(ROSTER_VIEWS.roles, rolesSubmit(ctx));
}
