import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebClient } from '@slack/web-api';
import { startSlackEmulator, type SlackEmulator } from '../../../src/sandbox/slack/index.ts';
import { messageBlockProblems, viewProblems } from '../../../src/sandbox/slack/block-kit/index.ts';
import { botClient } from '../../support/slack.ts';

let slack: SlackEmulator;
let client: WebClient;
beforeEach(async () => {
  slack = await startSlackEmulator({ limitsDisabled: true });
  client = botClient(slack);
});
afterEach(async () => slack.close());

const section = (text: string, extra: Record<string, unknown> = {}) => ({ type: 'section', text: { type: 'mrkdwn', text }, ...extra });
const button = (text: string, actionId: string) => ({ type: 'button', text: { type: 'plain_text', text }, action_id: actionId });
const options = (n: number, text = (i: number) => `Option ${i}`) => Array.from({ length: n }, (_, i) => ({ text: { type: 'plain_text', text: text(i) }, value: `v${i}` }));
const select = (opts: unknown[]) => ({ type: 'input', block_id: 'pick', label: { type: 'plain_text', text: 'Pick' }, element: { type: 'static_select', action_id: 'pick', options: opts } });
const modal = (blocks: unknown[], title = 'Launch a wave') => ({ type: 'modal', title: { type: 'plain_text', text: title }, submit: { type: 'plain_text', text: 'Go' }, blocks });

describe('Block Kit limits on messages (chat.postMessage / chat.update / chat.postEphemeral)', () => {
  it('refuses over-long section text with invalid_blocks and Slack-style detail strings', async () => {
    const alice = slack.workspace.addUser({ name: 'alice' });
    const error = await client.chat.postMessage({ channel: alice.id, text: 'x', blocks: [section('a'.repeat(3001))] as never }).catch((e: { data: Record<string, unknown> }) => e.data);
    expect(error).toMatchObject({
      ok: false, error: 'invalid_blocks',
      errors: ['must be less than 3001 characters [json-pointer:/blocks/0/text/text]'],
      response_metadata: { messages: ['[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]'] },
    });
    expect(slack.log.dmsTo(alice.id)).toHaveLength(0);
    await expect(client.chat.postMessage({ channel: alice.id, text: 'x', blocks: [section('a'.repeat(3000))] as never })).resolves.toMatchObject({ ok: true });
  });

  it('chat.update and chat.postEphemeral check blocks too, and a refused update changes nothing', async () => {
    const bea = slack.workspace.addUser({ name: 'bea' });
    const posted = await client.chat.postMessage({ channel: bea.id, text: 'v1', blocks: [section('v1')] as never });
    const tooMany = Array.from({ length: 51 }, (_, i) => section(`s${i}`));
    await expect(client.chat.update({ channel: posted.channel!, ts: posted.ts!, text: 'v2', blocks: tooMany as never }))
      .rejects.toMatchObject({ data: { error: 'invalid_blocks', errors: ['no more than 50 items allowed [json-pointer:/blocks]'] } });
    expect(slack.log.dmsTo(bea.id)[0]).toMatchObject({ text: 'v1' });
    await expect(client.chat.postEphemeral({ channel: posted.channel!, user: bea.id, text: 'x', blocks: [{ type: 'header', text: { type: 'mrkdwn', text: 'hi' } }] as never }))
      .rejects.toMatchObject({ data: { error: 'invalid_blocks', errors: ['must be one of: plain_text [json-pointer:/blocks/0/text/type]'] } });
  });

  it('refuses a blocks value that is not an array with invalid_blocks_format', async () => {
    const cy = slack.workspace.addUser({ name: 'cy' });
    await expect(client.apiCall('chat.postMessage', { channel: cy.id, text: 'x', blocks: '{"type":"section"}' })).rejects.toMatchObject({ data: { error: 'invalid_blocks_format' } });
  });
});

describe('the limits themselves', () => {
  const cases: Array<[string, unknown[], string]> = [
    ['button text over 75', [{ type: 'actions', elements: [button('b'.repeat(76), 'go')] }], 'must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]'],
    ['header over 150', [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }], 'must be less than 151 characters [json-pointer:/blocks/0/text/text]'],
    ['more than 10 context elements', [{ type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'c' })) }], 'no more than 10 items allowed [json-pointer:/blocks/0/elements]'],
    ['more than 25 actions elements', [{ type: 'actions', elements: Array.from({ length: 26 }, (_, i) => button('b', `a${i}`)) }], 'no more than 25 items allowed [json-pointer:/blocks/0/elements]'],
    ['an unknown block type', [{ type: 'sectoin', text: { type: 'mrkdwn', text: 'x' } }], 'unsupported block type: sectoin [json-pointer:/blocks/0/type]'],
    ['a duplicate block_id', [section('a', { block_id: 'b1' }), section('b', { block_id: 'b1' })], 'duplicate block_id: b1 (also at /blocks/0) [json-pointer:/blocks/1/block_id]'],
    ['a block_id over 255', [section('a', { block_id: 'x'.repeat(256) })], 'must be less than 256 characters [json-pointer:/blocks/0/block_id]'],
    ['a duplicate action_id in one block', [{ type: 'actions', elements: [button('a', 'same'), button('b', 'same')] }], 'duplicate action_id: same (also at /blocks/0/elements/0) [json-pointer:/blocks/0/elements/1/action_id]'],
    ['an action_id over 255', [{ type: 'actions', elements: [button('a', 'x'.repeat(256))] }], 'must be less than 256 characters [json-pointer:/blocks/0/elements/0/action_id]'],
    ['an empty section text', [section('')], 'must be more than 0 characters [json-pointer:/blocks/0/text/text]'],
    ['an unknown property', [section('a', { colour: 'red' })], 'invalid additional property: colour [json-pointer:/blocks/0]'],
    ['a plain_text input in an actions block', [{ type: 'actions', elements: [{ type: 'plain_text_input', action_id: 'x' }] }], 'unsupported element type: plain_text_input [json-pointer:/blocks/0/elements/0/type]'],
    ['a confirm button over 30', [section('a', { accessory: { ...button('x', 'x'), confirm: { title: { type: 'plain_text', text: 't' }, text: { type: 'plain_text', text: 't' }, confirm: { type: 'plain_text', text: 'c'.repeat(31) }, deny: { type: 'plain_text', text: 'd' } } } })], 'must be less than 31 characters [json-pointer:/blocks/0/accessory/confirm/confirm/text]'],
  ];
  it.each(cases)('%s', (_name, blocks, problem) => {
    expect(messageBlockProblems(blocks)).toEqual([problem]);
  });

  it('select menus: 1..100 options, option text 75, value 150, placeholder 150, plain_text only', () => {
    expect(viewProblems(modal([select([])]), 'modal')).toEqual(['must provide at least 1 item [json-pointer:/view/blocks/0/element/options]']);
    expect(viewProblems(modal([select(options(101))]), 'modal')).toEqual(['no more than 100 items allowed [json-pointer:/view/blocks/0/element/options]']);
    expect(viewProblems(modal([select(options(100))]), 'modal')).toEqual([]);
    expect(viewProblems(modal([select(options(1, () => 'o'.repeat(76)))]), 'modal')).toEqual(['must be less than 76 characters [json-pointer:/view/blocks/0/element/options/0/text/text]']);
    expect(viewProblems(modal([select([{ text: { type: 'plain_text', text: 'x' }, value: 'v'.repeat(151) }])]), 'modal')).toEqual(['must be less than 151 characters [json-pointer:/view/blocks/0/element/options/0/value]']);
    expect(viewProblems(modal([select([{ text: { type: 'mrkdwn', text: '*x*' }, value: 'v' }])]), 'modal')).toEqual(['must be one of: plain_text [json-pointer:/view/blocks/0/element/options/0/text/type]']);
    const withPlaceholder = { ...select(options(2)), element: { type: 'static_select', action_id: 'p', options: options(2), placeholder: { type: 'plain_text', text: 'p'.repeat(151) } } };
    expect(viewProblems(modal([withPlaceholder]), 'modal')).toEqual(['must be less than 151 characters [json-pointer:/view/blocks/0/element/placeholder/text]']);
  });

  it('checkboxes and radio buttons take at most 10 options, which may be mrkdwn', () => {
    const boxes = (n: number) => ({ type: 'input', label: { type: 'plain_text', text: 'Days' }, element: { type: 'checkboxes', action_id: 'd', options: options(n).map((o) => ({ ...o, text: { type: 'mrkdwn', text: '*d*' } })) } });
    expect(viewProblems(modal([boxes(10)]), 'modal')).toEqual([]);
    expect(viewProblems(modal([boxes(11)]), 'modal')).toEqual(['no more than 10 items allowed [json-pointer:/view/blocks/0/element/options]']);
  });
});

describe('views (views.publish / open / update / push) answer invalid_arguments', () => {
  it('a modal title over 24 characters, or more than 100 blocks, is refused with detail strings', async () => {
    const dan = slack.workspace.addUser({ name: 'dan' });
    const tooLong = modal([section('x')], 'A title that is far too long');
    await expect(client.views.open({ trigger_id: slack.workspace.views.issueTrigger(dan.id), view: tooLong as never })).rejects.toMatchObject({
      data: { error: 'invalid_arguments', response_metadata: { messages: ['[ERROR] must be less than 25 characters [json-pointer:/view/title/text]'] } },
    });
    const home = { type: 'home', blocks: Array.from({ length: 101 }, (_, i) => section(`${i}`)) };
    await expect(client.views.publish({ user_id: dan.id, view: home as never })).rejects.toMatchObject({
      data: { error: 'invalid_arguments', response_metadata: { messages: ['[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]'] } },
    });
    expect(slack.log.homeViews(dan.id)).toHaveLength(0);
  });

  it('views.update and views.push check the view too; a refused update leaves the modal as it was', async () => {
    const eve = slack.workspace.addUser({ name: 'eve' });
    const opened = await client.views.open({ trigger_id: slack.workspace.views.issueTrigger(eve.id), view: modal([section('one')]) as never });
    await expect(client.views.update({ view_id: opened.view!.id!, view: modal([select([])]) as never })).rejects.toMatchObject({ data: { error: 'invalid_arguments' } });
    expect(slack.workspace.views.topModal(eve.id)?.blocks).toMatchObject([{ text: { text: 'one' } }]);
    await expect(client.views.push({ trigger_id: slack.workspace.views.issueTrigger(eve.id), view: { ...modal([section('x')]), private_metadata: 'p'.repeat(3001) } as never }))
      .rejects.toMatchObject({ data: { error: 'invalid_arguments', response_metadata: { messages: ['[ERROR] must be less than 3001 characters [json-pointer:/view/private_metadata]'] } } });
  });
});
