import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../../support/runtime.ts';

// app_home_opened at Slack's pace (hundreds a second in a busy org) must not cost the app process
// a render and a Slack call each: it acks and hands the publish to a worker.
describe('opening the home tab', () => {
  describe('the app alone (no workers in this process)', () => {
    let app: TestRuntime;
    beforeAll(async () => {
      app = await startTestRuntime({ workers: false });
    });
    afterAll(async () => app?.stop());

    it('is acknowledged and handed to the home-open queue; the app publishes nothing itself', async () => {
      const user = app.slackEmulator.workspace.addUser({ email: 'ana@example.com', realName: 'Ana' });
      const first = await app.slackEmulator.driver.openHome(user.id);
      expect(first.status).toBe(200);
      const queue = app.backend.queue('home-open');
      await expect.poll(async () => (await queue.getJobs(['waiting'])).map((job) => job.data)).toEqual([{ slackUserId: user.id }]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(app.slackEmulator.log.homeViews(user.id)).toEqual([]);
    });
  });

  describe('with workers', () => {
    let rt: TestRuntime;
    beforeAll(async () => {
      rt = await startTestRuntime();
    });
    afterAll(async () => rt?.stop());

    it('publishes on every open', async () => {
      const user = rt.slackEmulator.workspace.addUser({ email: 'bo@example.com', realName: 'Bo' });
      for (let n = 1; n <= 3; n++) {
        expect((await rt.slackEmulator.driver.openHome(user.id)).status).toBe(200);
        await expect.poll(() => rt.slackEmulator.log.homeViews(user.id).length).toBe(n);
      }
    });
  });
});
