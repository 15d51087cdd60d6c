import type { App } from '@slack/bolt';
import type { AppContext } from '../../context.ts';
import { registerRetroViews } from './retros.ts';
import { registerRosterViews } from './roster.ts';
import { registerWaveViews } from './waves.ts';
import { MOVED_CALLBACK } from '../../blocks/rhythm.blocks.ts';
import { rhythmMoved } from './rhythm-moved.ts';

/** Modal submission handlers, one per file. Features add theirs here. */
export function registerViews(app: App, ctx: AppContext): void {
  app.view(MOVED_CALLBACK, rhythmMoved(ctx));
  registerWaveViews(app, ctx);
  registerRosterViews(app, ctx);
  registerRetroViews(app, ctx);
}
