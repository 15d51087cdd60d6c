import { swapTurn } from '../../../rhythm/turn.service.ts';
import type { AppContext } from '../../context.ts';
import { sessionButton } from './rhythm-button.ts';

/** "Swap my turn" on a facilitator prompt: the facilitator only. */
export const rhythmSwap = (ctx: AppContext) => sessionButton(ctx, (sessionId, slackUserId) => swapTurn(ctx, { sessionId, slackUserId }));
