import type { ModalView } from '@slack/types';
import { section } from './common.ts';
import { modal, textInput } from './modal.ts';

export const DECLINE_CALLBACK = 'invite_decline_reason';

export function declineModal(inviteId: string): ModalView {
  return modal({
    callbackId: DECLINE_CALLBACK, title: 'Decline the invite', submit: 'Decline', privateMetadata: inviteId,
    blocks: [
      section("No problem: your place will be offered to someone else. If you'd like, tell the programme lead why (optional)."),
      textInput('reason', 'Reason (optional)', { optional: true, multiline: true }),
    ],
  });
}
