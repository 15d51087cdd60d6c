import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { google, type admin_directory_v1 } from 'googleapis';
import { startGoogleEmulator, type GoogleEmulator } from '../../../src/sandbox/google/emulator.ts';

let emulator: GoogleEmulator;
let admin: admin_directory_v1.Admin;

beforeEach(async () => {
  emulator = await startGoogleEmulator();
  const auth = new google.auth.OAuth2();
  auth.setCredentials({ access_token: 'sandbox:admin@acme.test', expiry_date: Date.now() + 3_600_000 });
  admin = google.admin({ version: 'directory_v1', rootUrl: emulator.rootUrl, auth, retry: false });
});
afterEach(async () => emulator.close());

describe('Google emulator: Directory users.list', () => {
  it('returns seeded users in Google shape with manager relation, organizations and locations', async () => {
    emulator.directory.addUser({
      email: 'Ana@acme.test', givenName: 'Ana', familyName: 'Lima', department: 'Finance', title: 'Analyst',
      orgUnitPath: '/Finance', managerEmail: 'boss@acme.test', location: 'Lisbon', locations: [{ type: 'desk', area: 'desk', buildingId: 'LIS-1' }],
    });
    const { data } = await admin.users.list({ customer: 'my_customer' });
    expect(data.users).toHaveLength(1);
    expect(data.users?.[0]).toMatchObject({
      primaryEmail: 'ana@acme.test',
      name: { fullName: 'Ana Lima', givenName: 'Ana', familyName: 'Lima' },
      suspended: false,
      orgUnitPath: '/Finance',
      organizations: [{ department: 'Finance', title: 'Analyst', location: 'Lisbon', primary: true }],
      relations: [{ type: 'manager', value: 'boss@acme.test' }],
      locations: [{ buildingId: 'LIS-1' }],
    });
    expect(data.nextPageToken).toBeUndefined();
  });

  it('pages 1,200 users with maxResults 500 and defaults to 100 per page', async () => {
    for (let i = 0; i < 1200; i++) emulator.directory.addUser({ email: `p${String(i).padStart(4, '0')}@acme.test` });
    const emails: string[] = [];
    let pageToken: string | undefined;
    do {
      const { data } = await admin.users.list({ customer: 'my_customer', maxResults: 500, ...(pageToken ? { pageToken } : {}) });
      emails.push(...(data.users ?? []).map((u) => u.primaryEmail ?? ''));
      pageToken = data.nextPageToken ?? undefined;
    } while (pageToken);
    expect(new Set(emails).size).toBe(1200);
    expect(emulator.log.count('directory.users.list')).toBe(3);
    const first = await admin.users.list({ customer: 'my_customer' });
    expect(first.data.users).toHaveLength(100);
  });

  it('filters by domain, orders by email, and rejects bad arguments', async () => {
    emulator.directory.addUser({ email: 'zed@acme.test' });
    emulator.directory.addUser({ email: 'amy@acme.test' });
    emulator.directory.addUser({ email: 'out@other.test' });
    const { data } = await admin.users.list({ domain: 'acme.test', orderBy: 'email' });
    expect(data.users?.map((u) => u.primaryEmail)).toEqual(['amy@acme.test', 'zed@acme.test']);
    await expect(admin.users.list({ customer: 'my_customer', maxResults: 501 })).rejects.toMatchObject({ status: 400 });
    await expect(admin.users.list({})).rejects.toMatchObject({ status: 400 });
  });

  it('reflects updates and removals between syncs', async () => {
    emulator.directory.addUser({ email: 'ana@acme.test', department: 'Finance', managerEmail: 'boss@acme.test' });
    emulator.directory.addUser({ email: 'bo@acme.test' });
    emulator.directory.updateUser('ana@acme.test', { department: 'Legal' });
    emulator.directory.addUser({ primaryEmail: 'cy@acme.test' });
    emulator.directory.removeUser('cy@acme.test');
    expect(() => emulator.directory.addUser({})).toThrow(/email/);
    emulator.directory.removeUser('bo@acme.test');
    const { data } = await admin.users.list({ customer: 'my_customer' });
    expect(data.users).toHaveLength(1);
    expect(data.users?.[0]?.organizations?.[0]?.department).toBe('Legal');
    expect(data.users?.[0]?.relations?.[0]?.value).toBe('boss@acme.test');
  });
});
