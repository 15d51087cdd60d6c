import type { App } from '@slack/bolt';
import type { AppContext } from '../context.ts';
import { registerActions } from './actions/index.ts';
import { registerEvents } from './events/index.ts';
import { registerOptions } from './options/index.ts';
import { registerViews } from './views/index.ts';

/** Registers every listener, grouped by Slack surface. Handlers ack first, then work. */
export function registerListeners(app: App, ctx: AppContext): void {
  registerEvents(app, ctx);
  registerActions(app, ctx);
  registerViews(app, ctx);
  registerOptions(app, ctx);
}
