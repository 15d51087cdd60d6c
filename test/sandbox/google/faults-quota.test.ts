import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { google, type calendar_v3 } from 'googleapis';
import { startGoogleEmulator, type GoogleEmulator } from '../../../src/sandbox/google/emulator.ts';

let emulator: GoogleEmulator;
let now = 0;

function clientFor(token: string, extra: { retry?: boolean; timeout?: number } = {}): calendar_v3.Calendar {
  const auth = new google.auth.OAuth2();
  auth.setCredentials({ access_token: token, expiry_date: Date.now() + 3_600_000 });
  return google.calendar({ version: 'v3', rootUrl: emulator.rootUrl, auth, retry: false, ...extra });
}

interface GoogleErrorBody {
  error: { code: number; message: string; errors: Array<{ domain: string; reason: string }> };
}

function failure(error: unknown): { status: number | undefined; body: GoogleErrorBody | undefined; retryAfter: string | null; code: unknown } {
  const e = error as { status?: number; code?: unknown; response?: { data?: GoogleErrorBody; headers?: { get(name: string): string | null } } };
  return { status: e.status, body: e.response?.data, retryAfter: e.response?.headers?.get('retry-after') ?? null, code: e.code };
}

beforeEach(async () => {
  now = Date.parse('2025-03-20T09:00:00Z');
  emulator = await startGoogleEmulator({ now: () => now });
});
afterEach(async () => emulator.close());

const get = (c: calendar_v3.Calendar) => c.events.get({ calendarId: 'primary', eventId: 'nosuchevent' });

describe('Google emulator: quotas', () => {
  it('answers 403 userRateLimitExceeded in Google error JSON once a user spends the minute', async () => {
    emulator.quota.configure({ perUserPerMinute: 3 });
    const ana = clientFor('sandbox:ana@acme.test');
    for (let i = 0; i < 3; i++) expect(failure(await get(ana).catch((e: unknown) => e)).status).toBe(404);
    const limited = failure(await get(ana).catch((e: unknown) => e));
    expect(limited.status).toBe(403);
    expect(limited.body?.error.errors[0]).toMatchObject({ domain: 'usageLimits', reason: 'userRateLimitExceeded' });
    now += 61_000;
    expect(failure(await get(ana).catch((e: unknown) => e)).status).toBe(404);
    expect(emulator.stats()).toMatchObject({ requests: 5, rateLimited: 1, faultsServed: 0, eventsBooked: 0 });
  });

  it('answers 403 rateLimitExceeded once the project spends its minute', async () => {
    emulator.quota.configure({ perProjectPerMinute: 2 });
    await get(clientFor('sandbox:a@acme.test')).catch(() => undefined);
    await get(clientFor('sandbox:b@acme.test')).catch(() => undefined);
    const limited = failure(await get(clientFor('sandbox:c@acme.test')).catch((e: unknown) => e));
    expect(limited.body?.error).toMatchObject({ code: 403, errors: [{ domain: 'usageLimits', reason: 'rateLimitExceeded' }] });
  });

  it('refuses a token it did not issue with 401 authError, charging nobody', async () => {
    emulator.calendars.ensureCalendar('room@acme.test');
    const refused = failure(await clientFor('ya29.anything').events.list({ calendarId: 'room@acme.test' }).catch((e: unknown) => e));
    expect(refused.status).toBe(401);
    expect(refused.body?.error.errors[0]?.reason).toBe('authError');
    expect(emulator.log.calls()[0]?.user).toBeUndefined();
  });
});

describe('Google emulator: planned faults', () => {
  it('429 carries Retry-After and is consumed after count calls', async () => {
    emulator.faults.inject('calendar.events.get', '429', 2, 5);
    const c = clientFor('sandbox:ana@acme.test');
    const first = failure(await get(c).catch((e: unknown) => e));
    expect(first).toMatchObject({ status: 429, retryAfter: '5' });
    expect(first.body?.error.errors[0]?.reason).toBe('rateLimitExceeded');
    expect(failure(await get(c).catch((e: unknown) => e)).status).toBe(429);
    expect(failure(await get(c).catch((e: unknown) => e)).status).toBe(404);
    expect(emulator.log.calls('calendar.events.get').map((x) => x.fault ?? x.status)).toEqual(['429', '429', 404]);
    expect(emulator.stats()).toMatchObject({ requests: 3, rateLimited: 2, faultsServed: 2 });
  });

  it('500 answers backendError; the library would retry a GET by itself, which is why our adapters turn it off', async () => {
    emulator.faults.inject('calendar.events.get', '500', 1);
    const withLibraryRetry = clientFor('sandbox:ana@acme.test', { retry: true });
    // With gaxios' default retry the 500 is hidden behind a second request (after ~100 ms).
    expect(failure(await get(withLibraryRetry).catch((e: unknown) => e)).status).toBe(404);
    expect(emulator.log.calls('calendar.events.get').map((x) => x.status)).toEqual([500, 404]);
    emulator.faults.inject('calendar.events.get', '500', 1);
    const body = failure(await get(clientFor('sandbox:ana@acme.test')).catch((e: unknown) => e));
    expect(body.body?.error.errors[0]?.reason).toBe('backendError');
  });

  it('timeout never answers, so the client gives up', async () => {
    emulator.faults.inject('calendar.freebusy.query', 'timeout', 1);
    const started = Date.now();
    const result = failure(await clientFor('sandbox:ana@acme.test', { timeout: 250 }).freebusy.query({ requestBody: { timeMin: '2025-03-24T00:00:00Z', timeMax: '2025-03-25T00:00:00Z', items: [] } }).catch((e: unknown) => e));
    expect(result.code).toBe('TimeoutError');
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
  });

  it('drop destroys the connection', async () => {
    emulator.faults.inject('directory.users.list', 'drop', 1);
    const auth = new google.auth.OAuth2();
    auth.setCredentials({ access_token: 'sandbox:admin@acme.test', expiry_date: Date.now() + 3_600_000 });
    const admin = google.admin({ version: 'directory_v1', rootUrl: emulator.rootUrl, auth, retry: false });
    const result = failure(await admin.users.list({ customer: 'my_customer' }).catch((e: unknown) => e));
    expect(result.code).toBe('ECONNRESET');
    expect((await admin.users.list({ customer: 'my_customer' })).status).toBe(200);
  });

  it('an after-effect fault does the work, then loses the answer: the event is stored once and a retry by its id finds it', async () => {
    emulator.faults.injectAfterEffect('calendar.events.insert', 'drop', 1);
    const c = clientFor('sandbox:ana@acme.test');
    const requestBody = { id: 'podseries0001', summary: 'Pod', start: { dateTime: '2025-03-24T10:00:00Z' }, end: { dateTime: '2025-03-24T10:30:00Z' } };
    expect(failure(await c.events.insert({ calendarId: 'primary', requestBody }).catch((e: unknown) => e)).code).toBe('ECONNRESET');
    expect((await c.events.get({ calendarId: 'primary', eventId: 'podseries0001' })).data.summary).toBe('Pod');
    const [insert] = emulator.log.calls('calendar.events.insert');
    expect(insert).toMatchObject({ status: 200, fault: 'drop', afterEffect: true });
    expect(emulator.duplicates()).toEqual([]);
  });
});
