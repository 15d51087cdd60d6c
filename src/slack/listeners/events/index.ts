import type { App } from '@slack/bolt';
import type { AppContext } from '../../context.ts';
import { appHomeOpened } from './app-home-opened.ts';

export function registerEvents(app: App, ctx: AppContext): void {
  app.event('app_home_opened', appHomeOpened(ctx));
}
