import type { App } from '@slack/bolt';
import { RETRO_ACTIONS } from '../../blocks/retro.blocks.ts';
import type { AppContext } from '../../context.ts';
import { retroHoldNow } from './retro-hold-now.ts';
import { retroOpen } from './retro-open.ts';

/** Retro buttons (issue 10). */
export function registerRetroActions(app: App, ctx: AppContext): void {
  app.action(RETRO_ACTIONS.open, retroOpen(ctx));
  app.action(RETRO_ACTIONS.holdNow, retroHoldNow(ctx));
}
