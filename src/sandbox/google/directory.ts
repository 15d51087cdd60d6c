/**
 * Admin Directory v1 `users.list` for the Google emulator, with a seedable user store.
 * Users carry what the roster sync reads: name, org unit, organizations (department, title,
 * location), the manager relation (an email) and locations (building ids).
 */
import type { admin_directory_v1 } from 'googleapis';
import { createHash } from 'node:crypto';
import { decodePageToken, encodePageToken, GoogleApiFailure } from './http.ts';
import { enumParam, intParam } from './params.ts';
import type { RouteResult } from './calendar-routes.ts';

export type DirectoryUser = admin_directory_v1.Schema$User;

/** What a test or the demo seeds; everything but the email is optional. */
export interface DirectoryUserSeed {
  /** The user's primary email (`primaryEmail` is accepted too, as Google names it). */
  email?: string;
  primaryEmail?: string;
  givenName?: string;
  familyName?: string;
  fullName?: string;
  department?: string;
  title?: string;
  orgUnitPath?: string;
  managerEmail?: string;
  /** A simple location string, stored as organizations[].location. */
  location?: string;
  /** Structured desk locations, as Google's `locations[]`. */
  locations?: admin_directory_v1.Schema$UserLocation[];
  suspended?: boolean;
}

/** Directory types `relations` loosely (any); read the manager relation defensively. */
export function managerOf(user: DirectoryUser): string | undefined {
  const relations: unknown = user.relations;
  if (!Array.isArray(relations)) return undefined;
  for (const relation of relations as unknown[]) {
    if (typeof relation === 'object' && relation !== null && (relation as { type?: unknown }).type === 'manager') {
      const value = (relation as { value?: unknown }).value;
      if (typeof value === 'string') return value;
    }
  }
  return undefined;
}

/** users.list enum parameters (admin-directory_v1 discovery document). */
const LIST_ENUMS: Array<[string, string[]]> = [
  ['event', ['add', 'delete', 'makeAdmin', 'undelete', 'update']],
  ['orderBy', ['email', 'familyName', 'givenName']],
  ['projection', ['basic', 'custom', 'full']],
  ['sortOrder', ['ASCENDING', 'DESCENDING']],
  ['viewType', ['admin_view', 'domain_public']],
];

export class DirectoryStore {
  private readonly users = new Map<string, DirectoryUser>();
  private nextId = 100_000_000_000;

  constructor(readonly customerId = 'C0sandbox') {}

  addUser(seed: DirectoryUserSeed): DirectoryUser {
    const given = seed.email ?? seed.primaryEmail;
    if (!given) throw new Error('DirectoryStore.addUser: give the user an email (email or primaryEmail)');
    const email = given.toLowerCase();
    const [local = email] = email.split('@');
    const givenName = seed.givenName ?? local;
    const familyName = seed.familyName ?? '';
    const existing = this.users.get(email);
    const user: DirectoryUser = {
      kind: 'admin#directory#user',
      id: existing?.id ?? String(this.nextId++),
      primaryEmail: email,
      name: { givenName, familyName, fullName: seed.fullName ?? `${givenName} ${familyName}`.trim() },
      isAdmin: false,
      suspended: seed.suspended ?? false,
      orgUnitPath: seed.orgUnitPath ?? '/',
      customerId: this.customerId,
      creationTime: existing?.creationTime ?? new Date(0).toISOString(),
      organizations:
        seed.department || seed.title || seed.location
          ? [{ primary: true, customType: '', department: seed.department, title: seed.title, location: seed.location }]
          : undefined,
      relations: seed.managerEmail ? [{ type: 'manager', value: seed.managerEmail.toLowerCase() }] : undefined,
      locations: seed.locations,
    };
    // Google gives every User resource an etag that changes when the user does.
    user.etag = `"${createHash('sha1').update(JSON.stringify(user)).digest('base64url')}"`;
    this.users.set(email, JSON.parse(JSON.stringify(user)) as DirectoryUser);
    return user;
  }

  removeUser(email: string): boolean {
    return this.users.delete(email.toLowerCase());
  }

  /** Changes a seeded user (e.g. a new department or manager) keeping their id. */
  updateUser(email: string, changes: Partial<DirectoryUserSeed>): DirectoryUser {
    const current = this.users.get(email.toLowerCase());
    if (!current) throw new Error(`DirectoryStore.updateUser: no user ${email}; add them first`);
    const org = current.organizations?.[0];
    return this.addUser({
      email: current.primaryEmail ?? email,
      givenName: current.name?.givenName ?? undefined,
      familyName: current.name?.familyName ?? undefined,
      department: org?.department ?? undefined,
      title: org?.title ?? undefined,
      location: org?.location ?? undefined,
      orgUnitPath: current.orgUnitPath ?? undefined,
      managerEmail: managerOf(current),
      locations: current.locations ?? undefined,
      suspended: current.suspended ?? undefined,
      ...changes,
    });
  }

  has(email: string): boolean {
    return this.users.has(email.toLowerCase());
  }

  list(): DirectoryUser[] {
    return [...this.users.values()];
  }

  get size(): number {
    return this.users.size;
  }
}

export function listUsers(store: DirectoryStore, query: URLSearchParams): RouteResult {
  const customer = query.get('customer');
  const domain = query.get('domain');
  if (!customer && !domain) throw new GoogleApiFailure(400, 'badRequest', 'Bad Request');
  if (customer && customer !== 'my_customer' && customer !== store.customerId) throw new GoogleApiFailure(404, 'notFound', 'Resource Not Found: customer');
  const maxResults = intParam(query, 'maxResults', 1, 500) ?? 100;
  for (const [name, values] of LIST_ENUMS) enumParam(query, name, values);
  let users = store.list();
  if (domain) users = users.filter((u) => u.primaryEmail?.endsWith(`@${domain.toLowerCase()}`));
  if (query.get('showDeleted') === 'true') users = [];
  users = sortUsers(users, query.get('orderBy'), query.get('sortOrder'));
  const offset = decodePageToken(query.get('pageToken') ?? undefined);
  const page = users.slice(offset, offset + maxResults);
  const more = offset + maxResults < users.length;
  return {
    status: 200,
    body: {
      kind: 'admin#directory#users',
      etag: `"${store.size}"`,
      ...(page.length > 0 ? { users: page } : {}),
      ...(more ? { nextPageToken: encodePageToken(offset + maxResults) } : {}),
    },
  };
}

function sortUsers(users: DirectoryUser[], orderBy: string | null, sortOrder: string | null): DirectoryUser[] {
  if (!orderBy) return users;
  const key = (u: DirectoryUser): string =>
    (orderBy === 'email' ? u.primaryEmail : orderBy === 'givenName' ? u.name?.givenName : u.name?.familyName) ?? '';
  const sign = sortOrder === 'DESCENDING' ? -1 : 1;
  return [...users].sort((a, b) => sign * key(a).localeCompare(key(b)));
}
