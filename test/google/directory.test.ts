import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGoogleEmulator, type GoogleEmulator } from '../../src/sandbox/google/emulator.ts';
import { directoryApi } from '../../src/google/auth.ts';
import { listDirectoryUsers, toDirectoryPerson, type DirectoryPerson } from '../../src/google/directory.ts';

let emulator: GoogleEmulator;

beforeEach(async () => {
  emulator = await startGoogleEmulator();
});
afterEach(async () => emulator.close());

async function collect(iterable: AsyncIterable<DirectoryPerson>): Promise<DirectoryPerson[]> {
  const out: DirectoryPerson[] = [];
  for await (const person of iterable) out.push(person);
  return out;
}

describe('Google directory adapter', () => {
  it('iterates 1,200 users over 3 pages and maps them to DirectoryPerson', async () => {
    for (let i = 0; i < 1200; i++) {
      emulator.directory.addUser({
        email: `p${i}@acme.test`, givenName: `P${i}`, familyName: 'Doe', department: `Team ${i % 12}`, title: 'Engineer',
        orgUnitPath: `/Org/${i % 12}`, ...(i > 0 ? { managerEmail: 'p0@acme.test' } : {}), location: i % 2 ? 'Berlin' : 'Lisbon', suspended: i === 7,
      });
    }
    const admin = directoryApi({ mode: 'sandbox', rootUrl: emulator.rootUrl, adminEmail: 'admin@acme.test' });
    const people = await collect(listDirectoryUsers(admin));
    expect(people).toHaveLength(1200);
    expect(emulator.log.calls('directory.users.list').map((c) => [c.user, c.params['maxResults']])).toEqual([
      ['admin@acme.test', '500'], ['admin@acme.test', '500'], ['admin@acme.test', '500'],
    ]);
    expect(people[1]).toEqual({
      email: 'p1@acme.test', name: 'P1 Doe', department: 'Team 1', title: 'Engineer', orgUnitPath: '/Org/1',
      managerEmail: 'p0@acme.test', location: 'Berlin', suspended: false,
    });
    expect(people[0]?.managerEmail).toBeNull();
    expect(people[7]?.suspended).toBe(true);
  });

  it('falls back to the desk building for location and tolerates sparse users', () => {
    expect(toDirectoryPerson({ primaryEmail: 'X@acme.test', locations: [{ type: 'desk', buildingId: 'LIS-1' }], relations: [{ type: 'assistant', value: 'a@acme.test' }] })).toEqual({
      email: 'x@acme.test', name: 'X@acme.test', department: null, title: null, orgUnitPath: null, managerEmail: null, location: 'LIS-1', suspended: false,
    });
    expect(toDirectoryPerson({ name: { fullName: 'No Email' } })).toBeUndefined();
  });
});
