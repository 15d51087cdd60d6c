import type { App } from '@slack/bolt';
import { RHYTHM_ACTIONS } from '../../blocks/rhythm.blocks.ts';
import type { AppContext } from '../../context.ts';
import { rhythmAttendance } from './rhythm-attendance.ts';
import { rhythmCheckIn } from './rhythm-check-in.ts';
import { rhythmDigestHome } from './rhythm-digest-home.ts';
import { rhythmMovedOpen } from './rhythm-moved-open.ts';
import { rhythmSkip } from './rhythm-skip.ts';
import { rhythmSwap } from './rhythm-swap.ts';

/** The pod's weekly beat: facilitator prompt, check-in, lead digest (issue 9). */
export function registerRhythmActions(app: App, ctx: AppContext): void {
  app.action(RHYTHM_ACTIONS.swap, rhythmSwap(ctx));
  app.action(RHYTHM_ACTIONS.skip, rhythmSkip(ctx));
  app.action(RHYTHM_ACTIONS.met, rhythmCheckIn(ctx, 'met'));
  app.action(RHYTHM_ACTIONS.skipped, rhythmCheckIn(ctx, 'skipped'));
  app.action(RHYTHM_ACTIONS.moved, rhythmMovedOpen(ctx));
  app.action(RHYTHM_ACTIONS.attendance, rhythmAttendance(ctx));
  app.action(RHYTHM_ACTIONS.digestHome, rhythmDigestHome(ctx));
}
