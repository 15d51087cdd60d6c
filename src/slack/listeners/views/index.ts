import type { App } from '@slack/bolt';
import type { AppContext } from '../../context.ts';
import { MOVED_CALLBACK } from '../../blocks/rhythm.blocks.ts';
import { registerRosterViews } from './roster.ts';
import { rhythmMoved } from './rhythm-moved.ts';
import { registerWaveViews } from './waves.ts';

/** Modal submission handlers, one per file. Features add theirs here. */
export function registerViews(app: App, ctx: AppContext): void {
  registerWaveViews(app, ctx);
  registerRosterViews(app, ctx);
  app.view(MOVED_CALLBACK, rhythmMoved(ctx));
}
