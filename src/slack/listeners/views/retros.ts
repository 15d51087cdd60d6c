import type { App } from '@slack/bolt';
import { RETRO_CALLBACK } from '../../blocks/retro.blocks.ts';
import type { AppContext } from '../../context.ts';
import { retroSubmit } from './retro-submit.ts';

/** Retro form submissions (issue 10). */
export function registerRetroViews(app: App, ctx: AppContext): void {
  app.view(RETRO_CALLBACK, retroSubmit(ctx));
}
