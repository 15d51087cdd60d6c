import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { google } from 'googleapis';
import { startGoogleEmulator, type GoogleEmulator } from '../../src/sandbox/google/emulator.ts';
import { CALENDAR_SCOPES, calendarApi, DIRECTORY_SCOPES, directoryApi, googleAuthFor, SANDBOX_ADMIN } from '../../src/google/auth.ts';

let emulator: GoogleEmulator;
beforeEach(async () => {
  emulator = await startGoogleEmulator();
});
afterEach(async () => emulator.close());

describe('Google auth', () => {
  it('sandbox: sends Bearer sandbox:<subject> so the emulator knows the acting user', async () => {
    await calendarApi({ mode: 'sandbox', rootUrl: emulator.rootUrl }, 'pods@acme.test').events.list({ calendarId: 'primary' });
    await directoryApi({ mode: 'sandbox', rootUrl: emulator.rootUrl }).users.list({ customer: 'my_customer' });
    expect(emulator.log.calls().map((c) => c.user)).toEqual(['pods@acme.test', SANDBOX_ADMIN]);
  });

  it('workspace: a domain-wide delegation JWT impersonating the subject with our scopes', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const workspace = { mode: 'workspace' as const, clientEmail: 'peerpods@proj.iam.gserviceaccount.com', privateKey, adminEmail: 'it@acme.test' };
    const auth = googleAuthFor(workspace, 'pods@acme.test', CALENDAR_SCOPES);
    expect(auth).toBeInstanceOf(google.auth.JWT);
    const jwt = auth as InstanceType<typeof google.auth.JWT>;
    expect(jwt.subject).toBe('pods@acme.test');
    expect(jwt.email).toBe(workspace.clientEmail);
    expect(jwt.scopes).toEqual(CALENDAR_SCOPES);
    // Reused per subject so the access token is cached across calls.
    expect(googleAuthFor(workspace, 'pods@acme.test', CALENDAR_SCOPES)).toBe(auth);
    expect((googleAuthFor(workspace, 'it@acme.test', DIRECTORY_SCOPES) as InstanceType<typeof google.auth.JWT>).subject).toBe('it@acme.test');
  });
});
