import type { App } from '@slack/bolt';
import { RESCHEDULE_ACTIONS } from '../../blocks/reschedule.blocks.ts';
import type { AppContext } from '../../context.ts';
import { podReschedule } from './pod-reschedule.ts';
import { podReschedulePick } from './pod-reschedule-pick.ts';

/** A pod's calendar from its group DM: find a new time, choose one (issue 8). */
export function registerCalendarActions(app: App, ctx: AppContext): void {
  app.action(RESCHEDULE_ACTIONS.request, podReschedule(ctx));
  app.action(RESCHEDULE_ACTIONS.pick, podReschedulePick(ctx));
}
