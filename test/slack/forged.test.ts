import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_SIGNING_SECRET } from '../../src/platform/runtime.ts';
import { formEncodePayload, signSlackRequest } from '../../src/sandbox/slack/signing.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { craftedButton } from '../waves/forge.ts';
import { launchFreshWave, startWaveRuntime } from '../waves/support.ts';

// A request Slack did not send, or sent long ago, or that someone changed on the way: 401 and
// nothing changes. The payload itself is a real "Accept" on a real invite by its invitee, so the
// control case (correctly signed) shows it would have worked.
let rt: TestRuntime;
beforeAll(async () => ({ rt } = await startWaveRuntime()));
afterAll(async () => rt?.stop());

const now = () => Math.floor(Date.now() / 1000);
type Forgery = { name: string; make: (body: string) => { body: string; timestamp?: number; signature?: string } };
const FORGERIES: Forgery[] = [
  { name: 'a wrong signature', make: (body) => ({ body, timestamp: now(), signature: signSlackRequest(`${SANDBOX_SIGNING_SECRET}x`, now(), body) }) },
  { name: 'no signature', make: (body) => ({ body, timestamp: now() }) },
  { name: 'a stale timestamp (10 minutes old)', make: (body) => ({ body, timestamp: now() - 600, signature: signSlackRequest(SANDBOX_SIGNING_SECRET, now() - 600, body) }) },
  { name: 'a timestamp 6 minutes in the future', make: (body) => ({ body, timestamp: now() + 360, signature: signSlackRequest(SANDBOX_SIGNING_SECRET, now() + 360, body) }) },
  { name: 'a body altered after signing', make: (body) => ({ body: body.replace('invite_accept', 'invite_not_this_time'), timestamp: now(), signature: signSlackRequest(SANDBOX_SIGNING_SECRET, now(), body) }) },
];

async function state(inviteId: string) {
  const invite = await rt.db.selectFrom('invite').select('status').where('id', '=', inviteId).executeTakeFirstOrThrow();
  const audit = await rt.db.selectFrom('audit_log').select(({ fn }) => fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const outbox = await rt.db.selectFrom('outbox').select(({ fn }) => fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return { invite: invite.status, audit: Number(audit.n), outbox: Number(outbox.n) };
}

describe('forged and replayed requests', () => {
  it('are answered 401 and change nothing; the same click correctly signed is accepted', async () => {
    const { people } = await launchFreshWave(rt, { Alpha: 2, Beta: 2, Gamma: 2, Delta: 2 });
    await rt.drain();
    const invite = await rt.db.selectFrom('invite').select(['id', 'person_id']).where('status', '=', 'pending').executeTakeFirstOrThrow();
    const invitee = people.find((p) => p.personId === invite.person_id)!;
    const body = formEncodePayload(craftedButton(invitee.slackId, 'invite_accept', invite.id));
    const before = await state(invite.id);
    for (const forgery of FORGERIES) {
      const sent = forgery.make(body);
      const result = await rt.slackEmulator.driver.sendRaw({ contentType: 'application/x-www-form-urlencoded', ...sent });
      expect({ forgery: forgery.name, status: result.status }).toEqual({ forgery: forgery.name, status: 401 });
      expect(await state(invite.id)).toEqual(before);
    }
    const signed = rt.slackEmulator.driver.sendRaw({ contentType: 'application/x-www-form-urlencoded', body, timestamp: now(), signature: signSlackRequest(SANDBOX_SIGNING_SECRET, now(), body) });
    expect((await signed).status).toBe(200);
    expect((await state(invite.id)).invite).toBe('accepted');
  });
});
