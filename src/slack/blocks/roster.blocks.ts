import type { KnownBlock, ModalView } from '@slack/types';

/** Modals of the roster: pause until a date (members), grant/revoke roles (admins). */
export const ROSTER_VIEWS = { pause: 'member_pause', roles: 'roles_submit' } as const;
export const PAUSE_FIELD = 'pause_until';
export const ROLES_FIELDS = { user: 'roles_user', role: 'roles_role', change: 'roles_change' } as const;

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });

/**
 * What pausing means for this person: no new invitations, and (in a pod) its sessions ahead drop
 * them until the pause ends, while they stay a member (src/calendar/membership.service.ts).
 */
export function pauseEffectText(podName?: string): string {
  const base = "You won't be invited to a new pod until the date you pick; an invitation you haven't answered yet is withdrawn and offered to someone else. You can resume earlier from the home tab.";
  return podName
    ? `${base}\nYou stay a member of *${podName}* and its group DM, but until your pause ends you're taken off its upcoming sessions in your calendar (past ones stay) and get no session reminders or hosting turns. When it ends (or you resume), you're invited to the sessions still ahead again. To step out of the pod for good, leave the programme instead.`
    : base;
}

export function pauseModal(initialDate: string, podName?: string): ModalView {
  return {
    type: 'modal',
    callback_id: ROSTER_VIEWS.pause,
    title: plain('Pause peer pods'),
    submit: plain('Pause'),
    close: plain('Cancel'),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: pauseEffectText(podName) } },
      {
        type: 'input',
        block_id: PAUSE_FIELD,
        label: plain('Pause until'),
        element: { type: 'datepicker', action_id: PAUSE_FIELD, initial_date: initialDate },
      },
    ],
  };
}

export function rolesModal(currentRoles: string): ModalView {
  const radio = (id: string, options: [string, string][]) => ({
    type: 'radio_buttons' as const,
    action_id: id,
    options: options.map(([value, text]) => ({ value, text: plain(text) })),
    initial_option: { value: options[0]![0], text: plain(options[0]![1]) },
  });
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: currentRoles.slice(0, 2900) } },
    { type: 'input', block_id: ROLES_FIELDS.user, label: plain('Person'), element: { type: 'users_select', action_id: ROLES_FIELDS.user } },
    { type: 'input', block_id: ROLES_FIELDS.role, label: plain('Role'), element: radio(ROLES_FIELDS.role, [['lead', 'Programme lead'], ['hr', 'HR / people team']]) },
    { type: 'input', block_id: ROLES_FIELDS.change, label: plain('Change'), element: radio(ROLES_FIELDS.change, [['grant', 'Grant'], ['revoke', 'Revoke']]) },
  ];
  return { type: 'modal', callback_id: ROSTER_VIEWS.roles, title: plain('Manage roles'), submit: plain('Save'), close: plain('Cancel'), blocks };
}
