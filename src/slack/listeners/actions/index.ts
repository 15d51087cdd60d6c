import type { App } from '@slack/bolt';
import type { AppContext } from '../../context.ts';
import { registerRetroActions } from './retros.ts';
import { hrReportLinkClicked } from './hr-report-link.ts';
import { registerRosterActions } from './roster.ts';
import { registerWaveActions } from './waves.ts';
import { registerRhythmActions } from './rhythm.ts';
import { registerCalendarActions } from './calendar.ts';

/** Button and select handlers, one per file. Features add theirs here. */
export function registerActions(app: App, ctx: AppContext): void {
  registerRhythmActions(app, ctx);
  registerWaveActions(app, ctx);
  registerRosterActions(app, ctx);
  registerRetroActions(app, ctx);
  registerCalendarActions(app, ctx);
  app.action(/^hr_report_(open|csv)$/, hrReportLinkClicked());
}
