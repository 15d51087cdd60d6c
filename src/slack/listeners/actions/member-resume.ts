import { resume } from '../../../roster/membership.service.ts';
import { memberButton } from './member-button.ts';

export const memberResume = memberButton(async (ctx, { person }) => {
  await resume(ctx, person.id);
  return ":arrow_forward: Welcome back: your pause is over. If you're in a pod, you're invited to its sessions still ahead again.";
});
