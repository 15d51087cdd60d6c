import { afterEach, describe, expect, it } from 'vitest';
import { startSlackEmulator, type SlackEmulator } from '../../../src/sandbox/slack/index.ts';
import { manifestBotScopes } from '../../../src/sandbox/slack/scopes.ts';
import { botClient } from '../../support/slack.ts';

let slack: SlackEmulator;
afterEach(async () => slack.close());

describe('scopes come from manifest.yml and every method checks its own', () => {
  it('grants exactly the manifest bot scopes and reports them in x-oauth-scopes', async () => {
    slack = await startSlackEmulator();
    const granted = manifestBotScopes();
    // The uncertain-send look-up reads DM and group-DM history: the manifest must ask for both.
    expect(granted).toEqual(expect.arrayContaining(['chat:write', 'im:write', 'im:history', 'mpim:write', 'mpim:history', 'users:read', 'users:read.email', 'usergroups:read']));
    const response = await fetch(`${slack.apiUrl}users.list`, { method: 'POST', headers: { authorization: `Bearer ${slack.botToken}` } });
    expect(response.headers.get('x-oauth-scopes')?.split(',').sort()).toEqual([...granted].sort());
    expect(response.headers.get('x-accepted-oauth-scopes')).toBe('users:read');
  });

  it('a method whose scope was not granted answers missing_scope with needed and provided', async () => {
    slack = await startSlackEmulator({ scopes: ['chat:write', 'im:write', 'users:read'] });
    const client = botClient(slack);
    const ann = slack.workspace.addUser({ name: 'ann', email: 'ann@example.com' });
    const bo = slack.workspace.addUser({ name: 'bo' });
    const posted = await client.chat.postMessage({ channel: ann.id, text: 'hi' });
    await expect(client.conversations.history({ channel: posted.channel! })).rejects.toMatchObject({
      data: { ok: false, error: 'missing_scope', needed: 'im:history', provided: 'chat:write,im:write,users:read' },
    });
    await expect(client.conversations.open({ users: `${ann.id},${bo.id}` })).rejects.toMatchObject({ data: { error: 'missing_scope', needed: 'mpim:write' } });
    await expect(client.usergroups.list()).rejects.toMatchObject({ data: { error: 'missing_scope', needed: 'usergroups:read' } });
    await expect(client.users.lookupByEmail({ email: 'ann@example.com' })).rejects.toMatchObject({ data: { error: 'missing_scope', needed: 'users:read.email' } });
    // Without users:read.email, members come without their email, as in Slack.
    const listed = await client.users.list({});
    expect(listed.members?.find((m) => m.id === ann.id)?.profile).not.toHaveProperty('email');
    expect(slack.log.calls('conversations.history')[0]).toMatchObject({ ok: false, error: 'missing_scope' });
  });

  it('dropping a scope after install (setScopes) takes effect at once; auth.test and views need none', async () => {
    slack = await startSlackEmulator();
    const client = botClient(slack);
    const cy = slack.workspace.addUser({ name: 'cy' });
    slack.workspace.setScopes(['im:write']);
    await expect(client.chat.postMessage({ channel: cy.id, text: 'x' })).rejects.toMatchObject({ data: { error: 'missing_scope', needed: 'chat:write' } });
    await expect(client.auth.test()).resolves.toMatchObject({ ok: true });
    await expect(client.views.publish({ user_id: cy.id, view: { type: 'home', blocks: [] } })).resolves.toMatchObject({ ok: true });
  });
});
