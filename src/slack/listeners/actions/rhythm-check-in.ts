import { answerCheckIn } from '../../../rhythm/checkin.service.ts';
import type { Answer } from '../../blocks/rhythm.blocks.ts';
import type { AppContext } from '../../context.ts';
import { sessionButton } from './rhythm-button.ts';

/** "We met" / "We skipped" on a check-in: any current member of the pod. */
export const rhythmCheckIn = (ctx: AppContext, answer: Answer) =>
  sessionButton(ctx, (sessionId, slackUserId) => answerCheckIn(ctx, { sessionId, slackUserId, answer }));
