import { leaveProgramme } from '../../../roster/membership.service.ts';
import { memberButton } from './member-button.ts';

export const memberLeave = memberButton(async (ctx, { person }) => {
  const { withdrawnInvites } = await leaveProgramme(ctx, person.id);
  return `You've left the programme${withdrawnInvites ? ' and your pending invitation was withdrawn' : ''}. Join again whenever you like.`;
});
