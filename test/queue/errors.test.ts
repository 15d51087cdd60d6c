import { google } from 'googleapis';
import { afterEach, describe, expect, it } from 'vitest';
import { asRateLimited, RateLimitedError } from '../../src/queue/errors.ts';
import { startGoogleEmulator, type GoogleEmulator } from '../../src/sandbox/google/emulator.ts';
import { startSlackEmulator, type SlackEmulator } from '../../src/sandbox/slack/index.ts';
import { botClient } from '../support/slack.ts';

let slack: SlackEmulator | undefined;
let googleEmulator: GoogleEmulator | undefined;
afterEach(async () => {
  await slack?.close();
  await googleEmulator?.close();
  slack = googleEmulator = undefined;
});

describe('asRateLimited', () => {
  it("maps the real WebClient's 429 (Retry-After seconds) to a pause in ms", async () => {
    slack = await startSlackEmulator();
    const client = botClient(slack);
    const alice = slack.workspace.addUser({ name: 'alice' });
    slack.faults.inject('chat.postMessage', '429', 1, 7);
    const error = await client.chat.postMessage({ channel: alice.id, text: 'hi' }).catch((e: unknown) => e);
    expect(asRateLimited(error)).toMatchObject({ retryAfterMs: 7_000, scope: 'slack' });
  });

  it("maps the real googleapis client's 429 with Retry-After", async () => {
    googleEmulator = await startGoogleEmulator();
    const auth = new google.auth.OAuth2();
    auth.setCredentials({ access_token: 'sandbox:org@acme.test', expiry_date: Date.now() + 3_600_000 });
    const calendar = google.calendar({ version: 'v3', rootUrl: googleEmulator.rootUrl, auth, retry: false });
    googleEmulator.faults.inject('calendar.events.insert', '429', 1, 3);
    const error = await calendar.events.insert({ calendarId: 'primary', requestBody: {} }).catch((e: unknown) => e);
    expect(asRateLimited(error)).toMatchObject({ retryAfterMs: 3_000, scope: 'google' });
  });

  it("maps Google's 403 rateLimitExceeded (no Retry-After) to a short pause, but not other 403s", () => {
    const limited = { status: 403, response: { status: 403, headers: {}, data: { error: { errors: [{ reason: 'userRateLimitExceeded' }] } } } };
    expect(asRateLimited(limited)?.retryAfterMs).toBe(2_000);
    const forbidden = { status: 403, response: { status: 403, data: { error: { errors: [{ reason: 'forbidden' }] } } } };
    expect(asRateLimited(forbidden)).toBeUndefined();
  });

  it('passes our own error through and ignores everything else', () => {
    const own = new RateLimitedError(1234, 'test');
    expect(asRateLimited(own)).toBe(own);
    expect(asRateLimited(new Error('boom'))).toBeUndefined();
    expect(asRateLimited({ code: 'slack_webapi_platform_error' })).toBeUndefined();
    expect(asRateLimited(undefined)).toBeUndefined();
  });
});
