import { skipAhead } from '../../../rhythm/turn.service.ts';
import type { AppContext } from '../../context.ts';
import { sessionButton } from './rhythm-button.ts';

/** "We'll skip this week" on a facilitator prompt: the facilitator only. */
export const rhythmSkip = (ctx: AppContext) => sessionButton(ctx, (sessionId, slackUserId) => skipAhead(ctx, { sessionId, slackUserId }));
