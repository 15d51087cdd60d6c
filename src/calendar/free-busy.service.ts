import { setTimeout as delay } from 'node:timers/promises';
import type { SlotMember } from '../core/slots/index.ts';
import { calendarApi, type GoogleConnection } from '../google/auth.ts';
import { FREEBUSY_CALENDARS_PER_REQUEST, queryFreeBusyOnce, type FreeBusy } from '../google/calendar.ts';
import { backoffDelayMs, classifyGoogleError, GoogleRateLimitedError, GoogleTransientError } from '../google/errors.ts';

/** Google refuses a freeBusy.query longer than about 90 days (timeRangeTooLong); FACTS.md. */
export const FREEBUSY_WINDOW_MS = 90 * 86_400_000;

/** [from, to) cut into consecutive windows Google accepts, the last one shorter. */
export function freeBusyWindows(from: Date, to: Date): { start: Date; end: Date }[] {
  const out: { start: Date; end: Date }[] = [];
  for (let t = from.getTime(); t < to.getTime(); t += FREEBUSY_WINDOW_MS) out.push({ start: new Date(t), end: new Date(Math.min(to.getTime(), t + FREEBUSY_WINDOW_MS)) });
  return out;
}

/** The fewest requests for `calendars` over [from, to): one per 50 calendars per window. */
export function freeBusyRequestCount(calendars: number, from: Date, to: Date): number {
  return Math.ceil(calendars / FREEBUSY_CALENDARS_PER_REQUEST) * freeBusyWindows(from, to).length;
}

export interface FreeBusyOptions {
  /** Waits between quota answers (tests and the bench pass a virtual clock's). */
  sleep?: (ms: number) => Promise<void>;
  /** How long quota and 5xx answers are waited out per request before its calendars count as unreadable. */
  maxWaitMs?: number;
}

export interface MembersWithBusy {
  members: Map<string, SlotMember>;
  /** At least one request was answered: slot finding used free/busy. */
  read: boolean;
  requests: number;
}

/**
 * Free/busy for everyone in a wave's pods at once, over the whole commitment: one
 * `freeBusy.query` per 50 calendars per ≤ 90-day window (pods batched together, so 2,000 pods of
 * 4–5 over 6 weeks take ~180 requests, not 2,000; a fortnightly × 12 commitment takes two windows).
 * A calendar Google cannot read (notFound for that calendar, or the request refused: 403/404) comes
 * back `unreadable`: it counts as free inside working hours and the pod is told. Quota answers
 * (403 rateLimitExceeded/userRateLimitExceeded, 429) and 5xx are waited out with jittered backoff;
 * past `maxWaitMs` those calendars count as unreadable too. If no request was answered at all,
 * slot finding uses working hours alone (`read: false`) and no pod is told about every member.
 */
export async function membersWithBusy(
  google: GoogleConnection, organizer: string, people: readonly { id: string; email: string; zone: string }[], from: Date, to: Date, options: FreeBusyOptions = {},
): Promise<MembersWithBusy> {
  const api = calendarApi(google, organizer);
  const emails = [...new Set(people.map((p) => p.email))];
  const busy = new Map<string, { start: number; end: number }[]>(emails.map((e) => [e, []]));
  const unreadable = new Set<string>();
  let answered = 0;
  let requests = 0;
  for (const window of freeBusyWindows(from, to)) {
    for (let i = 0; i < emails.length; i += FREEBUSY_CALENDARS_PER_REQUEST) {
      const chunk = emails.slice(i, i + FREEBUSY_CALENDARS_PER_REQUEST);
      const result = await withWaits(() => { requests++; return queryFreeBusyOnce(api, chunk, window.start, window.end); }, options);
      if (!result) {
        for (const e of chunk) unreadable.add(e);
        continue;
      }
      answered++;
      for (const [email, fb] of result) addTo(busy, unreadable, email, fb);
    }
  }
  const members = new Map<string, SlotMember>();
  for (const p of people) {
    if (answered === 0) members.set(p.id, { id: p.id, zone: p.zone });
    else if (unreadable.has(p.email)) members.set(p.id, { id: p.id, zone: p.zone, unreadable: true });
    else members.set(p.id, { id: p.id, zone: p.zone, busy: busy.get(p.email) ?? [] });
  }
  return { members, read: answered > 0, requests };
}

function addTo(busy: Map<string, { start: number; end: number }[]>, unreadable: Set<string>, email: string, fb: FreeBusy): void {
  if ('error' in fb) unreadable.add(email);
  else busy.get(email)?.push(...fb.busy.map((b) => ({ start: b.start.getTime(), end: b.end.getTime() })));
}

/** The request's answer; undefined when Google refused it or kept failing past the wait budget. */
async function withWaits<T>(run: () => Promise<T>, options: FreeBusyOptions): Promise<T | undefined> {
  const sleep = options.sleep ?? ((ms: number) => delay(ms).then(() => undefined));
  const budget = options.maxWaitMs ?? 120_000;
  let waited = 0;
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (raw) {
      const error = classifyGoogleError(raw, 'calendar.freebusy.query', attempt);
      const retryable = error instanceof GoogleRateLimitedError || error instanceof GoogleTransientError;
      if (!retryable) return undefined;
      const wait = Math.max(error.retryAfterMs, backoffDelayMs(attempt, { baseMs: 1_000, maxMs: 32_000 }));
      if (waited + wait > budget) return undefined;
      waited += wait;
      await sleep(wait);
    }
  }
}
