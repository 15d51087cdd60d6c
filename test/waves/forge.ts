import { SANDBOX_SIGNING_SECRET } from '../../src/platform/runtime.ts';
import { formEncodePayload, signSlackRequest } from '../../src/sandbox/slack/signing.ts';
import type { TestRuntime } from '../support/runtime.ts';

/** A correctly signed interaction whose content a member made up (no UI showed it to them). */
export async function sendCrafted(rt: TestRuntime, payload: Record<string, unknown>) {
  const body = formEncodePayload(payload);
  const ts = Math.floor(Date.now() / 1000);
  return rt.slackEmulator.driver.sendRaw({ body, contentType: 'application/x-www-form-urlencoded', timestamp: ts, signature: signSlackRequest(SANDBOX_SIGNING_SECRET, ts, body) });
}

export function craftedButton(userId: string, actionId: string, value: string) {
  return {
    type: 'block_actions', user: { id: userId, name: userId, username: userId, team_id: 'T0' }, api_app_id: 'A0', token: 'x',
    container: { type: 'view', view_id: 'V0' }, trigger_id: '1.2.3', team: { id: 'T0', domain: 'x' },
    actions: [{ type: 'button', action_id: actionId, block_id: 'b', value, action_ts: '1.0' }],
  };
}

export function craftedSubmission(userId: string, callbackId: string, privateMetadata: string) {
  return {
    type: 'view_submission', user: { id: userId, name: userId, username: userId, team_id: 'T0' }, api_app_id: 'A0', token: 'x', team: { id: 'T0', domain: 'x' },
    trigger_id: '1.2.3', view: { id: 'V0', type: 'modal', callback_id: callbackId, private_metadata: privateMetadata, state: { values: {} }, blocks: [], hash: 'h' },
  };
}
