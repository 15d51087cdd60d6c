import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGoogleEmulator, type GoogleEmulator } from '../../src/sandbox/google/emulator.ts';
import { calendarApi, directoryApi } from '../../src/google/auth.ts';
import { getEvent, insertEvent, queryFreeBusy } from '../../src/google/calendar.ts';
import { listDirectoryUsers } from '../../src/google/directory.ts';
import {
  backoffDelayMs, classifyGoogleError, GooglePermanentError, GoogleRateLimitedError, GoogleTransientError,
} from '../../src/google/errors.ts';

let emulator: GoogleEmulator;
let now = Date.parse('2025-03-20T09:00:00Z');

beforeEach(async () => {
  now = Date.parse('2025-03-20T09:00:00Z');
  emulator = await startGoogleEmulator({ now: () => now });
});
afterEach(async () => emulator.close());

const sandbox = () => ({ mode: 'sandbox' as const, rootUrl: emulator.rootUrl });
const range = [new Date('2025-03-24T00:00:00Z'), new Date('2025-03-31T00:00:00Z')] as const;
const event = { id: 'pod1round1', summary: 'Pod', start: { dateTime: '2025-03-24T10:00:00Z', timeZone: 'UTC' }, end: { dateTime: '2025-03-24T11:00:00Z', timeZone: 'UTC' }, attendees: [] };

describe('Google error classification against the emulator', () => {
  it('classifies a per-user quota 403 as rate limited for that user only, until the minute passes', async () => {
    emulator.quota.configure({ perUserPerMinute: 2 });
    const ana = calendarApi(sandbox(), 'ana@acme.test');
    await getEvent(ana, 'primary', 'nosuchevent');
    await getEvent(ana, 'primary', 'nosuchevent');
    const error = await getEvent(ana, 'primary', 'nosuchevent').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GoogleRateLimitedError);
    expect(error).toMatchObject({ status: 403, reason: 'userRateLimitExceeded', method: 'calendar.events.get' });
    expect((error as GoogleRateLimitedError).retryAfterMs).toBeGreaterThan(0);
    // Another user still has quota; the same user gets it back after a minute.
    expect(await getEvent(calendarApi(sandbox(), 'bo@acme.test'), 'primary', 'nosuchevent')).toBeUndefined();
    now += 60_001;
    expect(await getEvent(ana, 'primary', 'nosuchevent')).toBeUndefined();
  });

  it('classifies the project quota 403 as rateLimitExceeded', async () => {
    emulator.quota.configure({ perProjectPerMinute: 1 });
    await queryFreeBusy(calendarApi(sandbox(), 'ana@acme.test'), ['ana@acme.test'], ...range);
    const error = await queryFreeBusy(calendarApi(sandbox(), 'bo@acme.test'), ['bo@acme.test'], ...range).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'GoogleRateLimitedError', status: 403, reason: 'rateLimitExceeded' });
  });

  it('takes a 429 Retry-After as the delay', async () => {
    emulator.faults.inject('calendar.events.insert', '429', 1, 7);
    const error = await insertEvent(calendarApi(sandbox(), 'ana@acme.test'), 'primary', event).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GoogleRateLimitedError);
    expect((error as GoogleRateLimitedError).retryAfterMs).toBe(7000);
    expect((await insertEvent(calendarApi(sandbox(), 'ana@acme.test'), 'primary', event)).created).toBe(true);
  });

  it('classifies 500 as transient and does not let the library retry a GET behind our back', async () => {
    emulator.faults.inject('directory.users.list', '500', 1);
    const admin = directoryApi(sandbox());
    const error = await listDirectoryUsers(admin).next().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GoogleTransientError);
    expect(error).toMatchObject({ status: 500, method: 'directory.users.list' });
    expect(emulator.log.count('directory.users.list')).toBe(1);
  });

  it('classifies a timeout as transient', async () => {
    emulator.faults.inject('calendar.freebusy.query', 'timeout', 1);
    const calendar = calendarApi(sandbox(), 'ana@acme.test', { timeoutMs: 300 });
    const error = await queryFreeBusy(calendar, ['ana@acme.test'], ...range).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GoogleTransientError);
    expect(error).toMatchObject({ status: undefined, reason: 'TimeoutError' });
  });

  it('classifies a dropped connection as transient', async () => {
    emulator.faults.inject('calendar.events.get', 'drop', 1);
    const error = await getEvent(calendarApi(sandbox(), 'ana@acme.test'), 'primary', 'pod1round1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GoogleTransientError);
    expect(error).toMatchObject({ status: undefined, reason: 'ECONNRESET' });
    expect(emulator.log.calls('calendar.events.get')[0]?.fault).toBe('drop');
  });

  it('classifies a bad request as permanent with advice', async () => {
    const error = await insertEvent(calendarApi(sandbox(), 'ana@acme.test'), 'primary', { ...event, id: 'BAD' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GooglePermanentError);
    expect(error).toMatchObject({ status: 400, reason: 'invalid' });
    expect((error as Error).message).toMatch(/Retrying will not help/);
  });

  it('backs off exponentially with jitter, capped', () => {
    expect(backoffDelayMs(0, { random: () => 0 })).toBe(500);
    expect(backoffDelayMs(0, { random: () => 1 })).toBe(1000);
    expect(backoffDelayMs(3, { random: () => 1 })).toBe(8000);
    expect(backoffDelayMs(20, { random: () => 1 })).toBe(64_000);
    expect(classifyGoogleError(new Error('Missing required parameters: calendarId'), 'm')).toBeInstanceOf(GooglePermanentError);
    expect(classifyGoogleError(Object.assign(new Error('boom'), { code: 'ECONNREFUSED' }), 'm')).toBeInstanceOf(GoogleTransientError);
  });
});
