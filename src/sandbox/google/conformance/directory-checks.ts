/** Conformance checks for Admin Directory users.list, the one Directory method the roster sync calls. */
import { answerOf, conforms, expectThat, fails, type Check } from './context.ts';

export const DIRECTORY_CHECKS: Check[] = [
  { method: 'directory.users.list', name: 'a page of users with org data, as Users', run: async (c) => {
    for (let i = 0; i < 3; i++) {
      c.emulator.directory.addUser({ email: `p${i}@acme.test`, givenName: `P${i}`, familyName: 'Doe', department: 'Finance', title: 'Analyst', managerEmail: 'boss@acme.test', orgUnitPath: '/Finance' });
    }
    const answer = await answerOf(c.admin().users.list({ customer: 'my_customer', maxResults: 2, orderBy: 'email' }));
    const body = answer.body as { users?: unknown[]; nextPageToken?: string };
    return [
      ...conforms(c.specs.directory, 'Users', answer, 'users.list'),
      ...expectThat(body.users?.length === 2 && Boolean(body.nextPageToken), 'users.list: two users and a nextPageToken'),
    ];
  } },
  { method: 'directory.users.list', name: '404 unknown customer, 400 without customer or domain, 401 foreign token', run: async (c) => [
    ...fails(await answerOf(c.admin().users.list({ customer: 'C0nobody' })), 404, 'notFound', 'unknown customer'),
    ...fails(await answerOf(c.admin().users.list({})), 400, 'badRequest', 'no customer'),
    ...fails(await c.raw('GET', 'admin/directory/v1/users?customer=my_customer', { token: 'ya29.not-ours' }), 401, 'authError', 'foreign token'),
  ] },
];
