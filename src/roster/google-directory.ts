/**
 * Reads the Workspace directory for the roster sync page by page, backing off on Google's quota
 * answers (403 rateLimitExceeded / 429) inside the walk so one slow page does not restart it.
 */
import type { admin_directory_v1 } from 'googleapis';
import { toDirectoryPerson, type DirectoryPerson } from '../google/directory.ts';
import { googleCall, type Sleep, type WaitLog } from './rate-limit.ts';

export const DIRECTORY_PAGE_SIZE = 500;

export async function walkDirectory(
  admin: admin_directory_v1.Admin,
  options: { customer: string; sleep: Sleep; waits: WaitLog; random?: () => number },
): Promise<{ people: DirectoryPerson[]; pages: number; suspended: number }> {
  const people: DirectoryPerson[] = [];
  let pages = 0;
  let suspended = 0;
  let pageToken: string | undefined;
  do {
    const response = await googleCall(
      'directory.users.list',
      () => admin.users.list({ customer: options.customer, maxResults: DIRECTORY_PAGE_SIZE, projection: 'full', ...(pageToken ? { pageToken } : {}) }),
      options.sleep,
      options.waits,
      options.random,
    );
    pages++;
    for (const user of response.data.users ?? []) {
      const person = toDirectoryPerson(user);
      if (!person) continue;
      // A suspended account is as gone as a deleted one for the programme.
      if (person.suspended) suspended++;
      else people.push(person);
    }
    pageToken = response.data.nextPageToken ?? undefined;
  } while (pageToken);
  return { people, pages, suspended };
}
