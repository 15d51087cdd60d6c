import type { App } from '@slack/bolt';
import type { AppContext } from '../../context.ts';

/** Button and select handlers, one per file. Features add theirs here. */
export function registerActions(app: App, ctx: AppContext): void {
  void app;
  void ctx;
}
