import { joinProgramme } from '../../../roster/membership.service.ts';
import { memberButton } from './member-button.ts';

export const memberJoin = memberButton(async (ctx, { person }) => {
  await joinProgramme(ctx.db, person.id, ctx.clock.now());
  return ':wave: Welcome in! You may be invited to the next wave.';
});
