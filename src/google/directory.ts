/**
 * Reads the Workspace directory for the roster sync: every user, page by page, mapped to a
 * plain DirectoryPerson. Failures are classified (errors.ts) so the sync job can back off on
 * quota and resume; each page is one request, so a failed page can be retried on its own.
 */
import type { admin_directory_v1 } from 'googleapis';
import { classifyGoogleError } from './errors.ts';

export interface DirectoryPerson {
  email: string;
  name: string;
  department: string | null;
  title: string | null;
  orgUnitPath: string | null;
  managerEmail: string | null;
  location: string | null;
  suspended: boolean;
}

export interface ListDirectoryOptions {
  /** `my_customer` (the admin's own account) unless a domain is given. */
  customer?: string;
  domain?: string;
  /** 1–500; Google's default is 100, we ask for the most to spend the fewest requests. */
  pageSize?: number;
}

/** Every user of the directory, one page request at a time. */
export async function* listDirectoryUsers(admin: admin_directory_v1.Admin, options: ListDirectoryOptions = {}): AsyncGenerator<DirectoryPerson> {
  let pageToken: string | undefined;
  do {
    const page = await fetchPage(admin, options, pageToken);
    for (const user of page.users ?? []) {
      const person = toDirectoryPerson(user);
      if (person) yield person;
    }
    pageToken = page.nextPageToken ?? undefined;
  } while (pageToken);
}

async function fetchPage(admin: admin_directory_v1.Admin, options: ListDirectoryOptions, pageToken: string | undefined): Promise<admin_directory_v1.Schema$Users> {
  try {
    const response = await admin.users.list({
      ...(options.domain ? { domain: options.domain } : { customer: options.customer ?? 'my_customer' }),
      maxResults: options.pageSize ?? 500,
      projection: 'full',
      ...(pageToken ? { pageToken } : {}),
    });
    return response.data;
  } catch (error) {
    throw classifyGoogleError(error, 'directory.users.list');
  }
}

/** Maps a Directory user; users without a primary email are skipped (undefined). */
export function toDirectoryPerson(user: admin_directory_v1.Schema$User): DirectoryPerson | undefined {
  if (!user.primaryEmail) return undefined;
  const organizations = listOf<admin_directory_v1.Schema$UserOrganization>(user.organizations);
  const org = organizations.find((o) => o.primary) ?? organizations[0];
  const locations = listOf<admin_directory_v1.Schema$UserLocation>(user.locations);
  const desk = locations[0];
  const name = user.name?.fullName ?? [user.name?.givenName, user.name?.familyName].filter(Boolean).join(' ');
  return {
    email: user.primaryEmail.toLowerCase(),
    name: name || user.primaryEmail,
    department: org?.department ?? null,
    title: org?.title ?? null,
    orgUnitPath: user.orgUnitPath ?? null,
    managerEmail: managerEmailOf(user),
    location: org?.location ?? desk?.buildingId ?? desk?.area ?? null,
    suspended: user.suspended === true,
  };
}

/** Directory types `relations` as any; read the manager relation (an email) defensively. */
function managerEmailOf(user: admin_directory_v1.Schema$User): string | null {
  for (const relation of listOf<{ type?: unknown; value?: unknown }>(user.relations)) {
    if (relation.type === 'manager' && typeof relation.value === 'string' && relation.value !== '') return relation.value.toLowerCase();
  }
  return null;
}

function listOf<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]).filter((v) => typeof v === 'object' && v !== null) : [];
}
