/**
 * A local Google Workspace for tests and the demo: Calendar v3 and Admin Directory v1 over real
 * HTTP on 127.0.0.1, for the real googleapis client (`rootUrl: emulator.rootUrl`). Every request
 * is authenticated (Bearer), logged, offered to the fault plan, charged to the quotas, then served.
 * Tokens are `sandbox:<email>`: the email is the acting user, as a subject is under domain-wide
 * delegation, and what they may see and change follows from it (access.ts). Any other token is
 * refused with 401 authError, as Google refuses a token it did not issue.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultPlan, type PlannedFault } from '../faults.ts';
import { CalendarStore } from './calendar-store.ts';
import * as calendar from './calendar-routes.ts';
import { listEvents, listInstances } from './list-routes.ts';
import { GoogleFaultModes } from './google-faults.ts';
import { DirectoryStore, listUsers } from './directory.ts';
import { GoogleApiFailure, notFound, readJsonBody, sendJson } from './http.ts';
import { GoogleQuota, type GoogleQuotaLimits } from './quota.ts';
import { GoogleRequestLog, type GoogleCall } from './request-log.ts';

export interface GoogleEmulatorOptions {
  port?: number;
  now?: () => number;
  /**
   * Clock for the per-minute quotas; defaults to `now`. Pass Date.now when the emulated clock
   * jumps or stands still while the app waits out quota answers in real time: a frozen clock never
   * frees a minute, so past the 600th request in one emulated minute every call would be refused
   * for ever (the demo's 5,000-person run stalled on exactly that at its invite deadline).
   */
  rateClock?: () => number;
  quota?: Partial<GoogleQuotaLimits>;
}

export interface GoogleEmulator {
  rootUrl: string;
  faults: FaultPlan;
  /** Google-specific failure modes: quotaExceeded, per-method limits, Meet failure, undetected duplicate ids. */
  modes: GoogleFaultModes;
  log: GoogleRequestLog;
  directory: DirectoryStore;
  calendars: CalendarStore;
  quota: GoogleQuota;
  /** Events booked twice under different ids (same summary, attendees, start). */
  duplicates: CalendarStore['duplicates'];
  /** Figures from the emulator's own records, for the demo's summary line. */
  stats(): GoogleEmulatorStats;
  close(): Promise<void>;
}

export interface GoogleEmulatorStats {
  requests: number;
  eventsBooked: number;
  eventsCancelled: number;
  duplicateBookings: number;
  directoryUsers: number;
  rateLimited: number;
  faultsServed: number;
}

type RouteContext = calendar.CalendarRequest & { directory: DirectoryStore };
type Handler = (request: RouteContext, params: string[]) => calendar.RouteResult;

interface Route {
  http: string;
  pattern: RegExp;
  method: string;
  handle: Handler;
}

const CAL = '/calendar/v3/calendars/([^/]+)/events';
const ROUTES: Route[] = [
  { http: 'POST', pattern: /^\/calendar\/v3\/freeBusy$/, method: 'calendar.freebusy.query', handle: (r) => calendar.freeBusyQuery(r) },
  { http: 'POST', pattern: new RegExp(`^${CAL}$`), method: 'calendar.events.insert', handle: (r, [c]) => calendar.insertEvent(r, c!) },
  { http: 'GET', pattern: new RegExp(`^${CAL}$`), method: 'calendar.events.list', handle: (r, [c]) => listEvents(r, c!) },
  { http: 'GET', pattern: new RegExp(`^${CAL}/([^/]+)/instances$`), method: 'calendar.events.instances', handle: (r, [c, e]) => listInstances(r, c!, e!) },
  { http: 'GET', pattern: new RegExp(`^${CAL}/([^/]+)$`), method: 'calendar.events.get', handle: (r, [c, e]) => calendar.getEvent(r, c!, e!) },
  { http: 'PATCH', pattern: new RegExp(`^${CAL}/([^/]+)$`), method: 'calendar.events.patch', handle: (r, [c, e]) => calendar.patchEvent(r, c!, e!) },
  { http: 'DELETE', pattern: new RegExp(`^${CAL}/([^/]+)$`), method: 'calendar.events.delete', handle: (r, [c, e]) => calendar.deleteEvent(r, c!, e!) },
  { http: 'GET', pattern: /^\/admin\/directory\/v1\/users$/, method: 'directory.users.list', handle: (r) => listUsers(r.directory, r.query) },
];

export async function startGoogleEmulator(options: GoogleEmulatorOptions = {}): Promise<GoogleEmulator> {
  const now = options.now ?? Date.now;
  const faults = new FaultPlan();
  const modes = new GoogleFaultModes(now);
  const log = new GoogleRequestLog();
  const directory = new DirectoryStore();
  const calendars = new CalendarStore(now, (email) => directory.has(email));
  const quota = new GoogleQuota(options.rateClock ?? now, options.quota);
  const held = new Set<ServerResponse>();

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const httpMethod = req.method ?? 'GET';
    const matched = matchRoute(httpMethod, url.pathname);
    const params = Object.fromEntries(url.searchParams);
    const call: GoogleCall = { at: now(), method: matched?.method ?? 'unknown', httpMethod, path: url.pathname, params, body: undefined, user: undefined, status: 0 };
    log.record(call);
    try {
      call.body = await readJsonBody(req);
      if (!matched) throw notFound(`Not Found: ${httpMethod} ${url.pathname}`);
      const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (!token) throw new GoogleApiFailure(401, 'required', 'Login Required.');
      if (!token.startsWith('sandbox:') || !token.includes('@')) throw new GoogleApiFailure(401, 'authError', 'Invalid Credentials');
      const user = token.slice('sandbox:'.length).toLowerCase();
      call.user = user;
      const args = matched.args.map((a) => (a === 'primary' ? user : a));
      const fault = faults.take(call.method);
      if (fault && !fault.afterEffect) return answerFault(fault, req, res, call);
      modes.check(call.method, user);
      quota.spend(user);
      // A person's own calendar always exists once they act on it.
      calendars.ensureCalendar(user);
      const result = matched.route.handle({ store: calendars, modes, directory, user, query: url.searchParams, body: call.body, headers: req.headers }, args);
      call.status = result.status;
      // "Did it, lost the answer": the work above stands (the log keeps its status), the caller hears only the fault.
      if (fault) {
        call.afterEffect = true;
        return answerFault(fault, req, res, call);
      }
      sendJson(res, result.status, result.body);
    } catch (error) {
      const failure = error instanceof GoogleApiFailure ? error : new GoogleApiFailure(500, 'backendError', `Backend Error: ${String(error)}`);
      call.status = failure.code;
      call.reason = failure.reason;
      sendJson(res, failure.code, failure.body(), failure.headers);
    }
  }

  function answerFault(fault: PlannedFault, req: IncomingMessage, res: ServerResponse, call: GoogleCall): void {
    call.fault = fault.kind;
    const done = call.afterEffect === true;
    if (fault.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault.kind === 'timeout') {
      // Never answer; the client's timeout fires. Released on close().
      held.add(res);
      res.on('close', () => held.delete(res));
      return;
    }
    const failure =
      fault.kind === '429'
        ? new GoogleApiFailure(429, 'rateLimitExceeded', 'Rate Limit Exceeded', 'usageLimits', { 'retry-after': String(fault.retryAfterSeconds) })
        : new GoogleApiFailure(500, 'backendError', 'Backend Error');
    if (!done) {
      call.status = failure.code;
      call.reason = failure.reason;
    }
    sendJson(res, failure.code, failure.body(), failure.headers);
  }

  const server = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, new GoogleApiFailure(500, 'backendError', String(error)).body());
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    rootUrl: `http://127.0.0.1:${port}/`,
    faults,
    modes,
    log,
    directory,
    calendars,
    quota,
    duplicates: () => calendars.duplicates(),
    stats: () => {
      const calls = log.calls();
      const records = calendars.records();
      return {
        requests: calls.length,
        eventsBooked: records.length,
        eventsCancelled: records.filter((r) => r.event.status === 'cancelled').length,
        duplicateBookings: calendars.duplicates().length,
        directoryUsers: directory.size,
        rateLimited: calls.filter((c) => c.status === 429 || c.reason === 'rateLimitExceeded' || c.reason === 'userRateLimitExceeded').length,
        faultsServed: calls.filter((c) => c.fault !== undefined).length,
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of held) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function matchRoute(httpMethod: string, path: string): { route: Route; method: string; args: string[] } | undefined {
  for (const route of ROUTES) {
    const match = route.pattern.exec(path);
    if (match && route.http === httpMethod) return { route, method: route.method, args: match.slice(1).map((s) => decodeURIComponent(s)) };
  }
  return undefined;
}
