import { actions, button, header, section } from '../blocks/common.ts';
import type { HomeSection } from './sections.ts';

/** Everyone's own view: their programme status and one-click pause/leave (DESIGN.md §7). */
export const memberSection: HomeSection = {
  id: 'member',
  role: 'member',
  async render(ctx, { person }) {
    const status =
      person.status === 'active'
        ? ':large_green_circle: You are in the programme and may be invited to the next wave.'
        : person.status === 'paused'
          ? `:double_vertical_bar: Paused until ${person.paused_until?.toISOString().slice(0, 10)}. You won't be invited until then.`
          : ":white_circle: You're not in the programme. Join whenever you like.";
    const controls =
      person.status === 'left'
        ? [button('Join the programme', 'member_join', undefined, 'primary')]
        : [
            ...(person.status === 'paused'
              ? [button('Resume now', 'member_resume', undefined, 'primary')]
              : [button('Pause…', 'member_pause_open')]),
            button('Leave the programme', 'member_leave', undefined, 'danger'),
          ];
    return [header('Your peer pods'), section(status), actions('member_controls', controls)];
  },
};
