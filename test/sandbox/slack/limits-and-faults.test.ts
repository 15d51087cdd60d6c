import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode, WebClient } from '@slack/web-api';
import { startSlackEmulator, type SlackEmulator } from '../../../src/sandbox/slack/index.ts';

let slack: SlackEmulator;
afterEach(async () => slack?.close());

function clientFor(s: SlackEmulator, timeout = 0): WebClient {
  return new WebClient(s.botToken, { slackApiUrl: s.apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 }, timeout });
}

describe('rate limits', () => {
  it('users.list is Tier 2: the 21st call in a minute answers 429 with Retry-After, surfacing as WebAPIRateLimitedError', async () => {
    let now = 1_700_000_000_000;
    slack = await startSlackEmulator({ now: () => now });
    const client = clientFor(slack);
    for (let i = 0; i < 20; i++) await client.users.list({});
    const error = await client.users.list({}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 60 });
    expect(slack.log.calls('users.list').at(-1)).toMatchObject({ status: 429, ok: false, error: 'ratelimited' });
    now += 30_000;
    await expect(client.users.list({})).rejects.toMatchObject({ retryAfter: 30 });
    now += 30_001;
    await expect(client.users.list({})).resolves.toMatchObject({ ok: true });
  });

  it('chat.postMessage allows a short burst per channel, then waits out a 3 s window; other channels are unaffected', async () => {
    let now = 1_700_000_000_000;
    slack = await startSlackEmulator({ now: () => now });
    const client = clientFor(slack);
    const [a, b] = slack.workspace.addUsers(2);
    for (let i = 0; i < 3; i++) await client.chat.postMessage({ channel: a!.id, text: `burst ${i}` });
    await expect(client.chat.postMessage({ channel: a!.id, text: 'too fast' })).rejects.toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 3 });
    const dmA = slack.workspace.conversations.imOf(a!.id)!.id;
    await expect(client.chat.postMessage({ channel: dmA, text: 'same DM by its D id' })).rejects.toMatchObject({ code: ErrorCode.RateLimitedError });
    await expect(client.chat.postMessage({ channel: b!.id, text: 'other DM' })).resolves.toMatchObject({ ok: true });
    now += 3_001; // 3 per 3 s sliding window: the burst has left it
    await expect(client.chat.postMessage({ channel: a!.id, text: 'after the window' })).resolves.toMatchObject({ ok: true });
    expect(slack.log.dmsTo(a!.id).map((m) => m.text)).not.toContain('too fast');
  });

  it('limits can be set per method, scaled and disabled', async () => {
    slack = await startSlackEmulator();
    const client = clientFor(slack);
    slack.limits.set('auth.test', { perMinute: 2 });
    await client.auth.test();
    await client.auth.test();
    await expect(client.auth.test()).rejects.toMatchObject({ code: ErrorCode.RateLimitedError });
    slack.limits.disable();
    await expect(client.auth.test()).resolves.toMatchObject({ ok: true });
    slack.limits.enable();
    slack.limits.scale(0.1); // Tier 2 (20/min) becomes 2/min
    await client.usergroups.list();
    await client.usergroups.list();
    await expect(client.usergroups.list()).rejects.toMatchObject({ code: ErrorCode.RateLimitedError });
  });
});

describe('fault injection', () => {
  it('429 carries the planned Retry-After and does nothing', async () => {
    slack = await startSlackEmulator();
    const alice = slack.workspace.addUser({ name: 'alice' });
    slack.faults.inject('chat.postMessage', '429', 1, 7);
    await expect(clientFor(slack).chat.postMessage({ channel: alice.id, text: 'x' })).rejects.toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 7 });
    expect(slack.log.dmsTo(alice.id)).toHaveLength(0);
    await expect(clientFor(slack).chat.postMessage({ channel: alice.id, text: 'x' })).resolves.toMatchObject({ ok: true });
  });

  it('500 surfaces as an HTTP error', async () => {
    slack = await startSlackEmulator();
    slack.faults.inject('users.list', '500');
    await expect(clientFor(slack).users.list({})).rejects.toMatchObject({ code: ErrorCode.HTTPError, statusCode: 500 });
    expect(slack.log.calls('users.list')[0]).toMatchObject({ status: 500, fault: '500' });
  });

  it('timeout holds the answer past the client timeout; close() still ends promptly', async () => {
    slack = await startSlackEmulator();
    slack.faults.inject('users.info', 'timeout');
    const started = Date.now();
    await expect(clientFor(slack, 300).users.info({ user: 'USLACKBOT' })).rejects.toMatchObject({ code: ErrorCode.RequestError });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    await expect(clientFor(slack, 300).users.info({ user: 'USLACKBOT' })).resolves.toMatchObject({ ok: true });
  });

  it('drop destroys the connection', async () => {
    slack = await startSlackEmulator();
    slack.faults.inject('auth.test', 'drop', 2);
    await expect(clientFor(slack).auth.test()).rejects.toMatchObject({ code: ErrorCode.RequestError });
    await expect(clientFor(slack).auth.test()).rejects.toMatchObject({ code: ErrorCode.RequestError });
    await expect(clientFor(slack).auth.test()).resolves.toMatchObject({ ok: true });
    expect(slack.log.calls('auth.test').map((c) => c.fault ?? 'ok')).toEqual(['drop', 'drop', 'ok']);
  });

  it('the upload_url POST can fail too', async () => {
    slack = await startSlackEmulator();
    const channel = slack.workspace.addChannel({ name: 'reports' });
    slack.faults.inject('upload_url', '500');
    await expect(clientFor(slack).filesUploadV2({ channel_id: channel, content: 'a,b', filename: 'r.csv' })).rejects.toBeDefined();
    expect(slack.log.calls('files.completeUploadExternal')).toHaveLength(0);
  });
});
