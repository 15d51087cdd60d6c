import { recordAttendance } from '../../../rhythm/checkin.service.ts';
import type { AppContext } from '../../context.ts';
import { sessionButton } from './rhythm-button.ts';

/** The optional "who was there" checkboxes after "We met" (the session id is in the block id). */
export const rhythmAttendance = (ctx: AppContext) => sessionButton(ctx, (sessionId, slackUserId, { action }) => {
  const picked = 'selected_options' in action && Array.isArray(action.selected_options) ? action.selected_options.map((o) => String(o.value)) : [];
  return recordAttendance(ctx, { sessionId, slackUserId, presentIds: picked });
});
