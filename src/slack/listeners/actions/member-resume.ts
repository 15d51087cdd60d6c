import { resume } from '../../../roster/membership.service.ts';
import { memberButton } from './member-button.ts';

export const memberResume = memberButton(async (ctx, { person }) => {
  await resume(ctx.db, person.id, ctx.clock.now());
  return ':arrow_forward: Welcome back: your pause is over.';
});
