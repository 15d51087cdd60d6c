/**
 * Credentials and API clients for Google Workspace. In production a service account with
 * domain-wide delegation impersonates a user (`subject`), so per-user quotas apply to that user.
 * In the sandbox an OAuth2Client holds a preset, unexpired token `sandbox:<email>`; the emulator
 * reads the acting user from it (its token endpoint cannot be redirected, so none is called).
 *
 * Retries: the library's own retry is switched off (`retry: false`). googleapis retries only
 * GET/PUT/DELETE, never POST/PATCH, and sleeps inside the call; we would rather every method fail
 * fast and uniformly, classified by errors.ts, and let our queue retry with its backoff.
 */
// Only the two APIs we call are loaded: `googleapis`'s index loads every Google API (~10 s of
// start-up on a loaded machine, in every process and every restart), for two we use.
import { JWT, OAuth2Client } from 'google-auth-library';
import { admin_directory_v1 } from 'googleapis/build/src/apis/admin/directory_v1.js';
import { calendar_v3 } from 'googleapis/build/src/apis/calendar/v3.js';

export type GoogleConnection = (
  | { mode: 'sandbox'; rootUrl: string; adminEmail?: string }
  | { mode: 'workspace'; clientEmail: string; privateKey: string; adminEmail: string }
) & {
  /** Per-request timeout for every client made from this connection (default 30 s). */
  timeoutMs?: number;
};

export const CALENDAR_SCOPES = ['https://www.googleapis.com/auth/calendar.events', 'https://www.googleapis.com/auth/calendar.freebusy'];
export const DIRECTORY_SCOPES = ['https://www.googleapis.com/auth/admin.directory.user.readonly'];

/** Whom directory calls act as in the sandbox when no admin is configured. */
export const SANDBOX_ADMIN = 'admin@sandbox.test';

export interface ClientOptions {
  /** Per-request timeout; a hung call fails as transient after this long. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const FAR_FUTURE_MS = 10 * 365 * 86_400_000;
const jwtCache = new Map<string, JWT>();

/** The auth client acting as `subject` (an email in the Workspace domain). */
export function googleAuthFor(connection: GoogleConnection, subject: string, scopes: readonly string[]): OAuth2Client {
  if (connection.mode === 'sandbox') {
    const client = new OAuth2Client();
    client.setCredentials({ access_token: `sandbox:${subject}`, token_type: 'Bearer', expiry_date: Date.now() + FAR_FUTURE_MS });
    return client;
  }
  // One JWT per subject and scope set so access tokens are cached and reused across calls.
  const key = `${connection.clientEmail}\n${subject}\n${scopes.join(' ')}`;
  let jwt = jwtCache.get(key);
  if (!jwt) {
    jwt = new JWT({ email: connection.clientEmail, key: connection.privateKey, scopes: [...scopes], subject });
    jwtCache.set(key, jwt);
  }
  return jwt;
}

/** Calendar v3 client acting as `subject` (the organizer whose calendar holds pod events). */
export function calendarApi(connection: GoogleConnection, subject: string, options: ClientOptions = {}): calendar_v3.Calendar {
  return new calendar_v3.Calendar({ auth: googleAuthFor(connection, subject, CALENDAR_SCOPES), ...common(connection, options) });
}

/** Admin Directory v1 client acting as the Workspace admin. */
export function directoryApi(connection: GoogleConnection, options: ClientOptions = {}): admin_directory_v1.Admin {
  const admin = connection.adminEmail ?? SANDBOX_ADMIN;
  return new admin_directory_v1.Admin({ auth: googleAuthFor(connection, admin, DIRECTORY_SCOPES), ...common(connection, options) });
}

function common(connection: GoogleConnection, options: ClientOptions): { rootUrl?: string; retry: false; timeout: number } {
  return {
    ...(connection.mode === 'sandbox' ? { rootUrl: connection.rootUrl } : {}),
    retry: false,
    timeout: options.timeoutMs ?? connection.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
}
