import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { sendHrDigest } from '../../src/reports/hr-digest.service.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { seedReportOrg } from './fixtures.ts';

let rt: TestRuntime;
const clock = new ManualClock('2026-12-07T09:00:00Z'); // a Monday: ISO week 2026-W50
beforeAll(async () => {
  rt = await startTestRuntime({ workers: false, app: false, clock });
  await seedReportOrg(rt.db, rt.slackEmulator);
});
afterAll(async () => rt?.stop());

describe('weekly HR digest', () => {
  it('uploads the chart and headline figures to the HR channel once per week, also across a lost answer', async () => {
    const channel = rt.slackEmulator.workspace.addChannel({ name: 'people-team' });
    const deps = { db: rt.db, slack: rt.slack, clock, log: silentLogger, config: { HR_DIGEST_CHANNEL: channel } };
    const messages = () => rt.slackEmulator.workspace.conversations.get(channel)!.messages;

    expect(await sendHrDigest(deps)).toBe('sent');
    expect(messages()).toHaveLength(1);
    const [message] = messages();
    expect(message!.text).toContain('HR rollout digest 2026-W50');
    expect(message!.text).toMatch(/On the roster 33 · took part 16/);
    expect(message!.text).not.toContain('secret celebration');
    const file = (message as unknown as { files: { id: string; title: string; mimetype: string }[] }).files[0]!;
    expect(file.title).toBe('HR rollout digest 2026-W50');
    expect(file.mimetype).toBe('image/png');
    const bytes = rt.slackEmulator.workspace.files.byId.get(file.id)!.bytes!;
    expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a'); // a real PNG
    expect(bytes.length).toBeGreaterThan(5_000);

    // The scheduler fires again the same week: nothing new.
    expect(await sendHrDigest(deps)).toBe('already_sent');
    // The upload happened but its success was never recorded (a crash): the retry finds it.
    await rt.db.updateTable('hr_digest').set({ state: 'claimed', sent_at: null, file_id: null }).execute();
    expect(await sendHrDigest(deps)).toBe('found_sent');
    expect(messages()).toHaveLength(1);

    // Next week is a new digest; without a channel there is none.
    clock.advance(7 * 86_400_000);
    expect(await sendHrDigest(deps)).toBe('sent');
    expect(messages()).toHaveLength(2);
    expect(await sendHrDigest({ ...deps, config: {} })).toBe('no_channel');
  });
});
