import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../../src/db.ts';
import { ManualClock } from '../../../src/platform/clock.ts';
import { silentLogger } from '../../../src/platform/logger.ts';
import { SOMETHING_WENT_WRONG } from '../../../src/slack/listeners/guard-view.ts';
import { programmeSettings } from '../../../src/slack/listeners/views/programme-settings.ts';
import { waveLaunchConfirm } from '../../../src/slack/listeners/views/wave-launch-confirm.ts';
import { waveLaunchPreview } from '../../../src/slack/listeners/views/wave-launch-preview.ts';
import type { AppContext } from '../../../src/slack/context.ts';

// Nothing listens on port 1: every query fails with a connection error, as when Postgres is down.
const db = createDb('postgres://postgres@127.0.0.1:1/nowhere', { max: 1 });
afterAll(() => db.destroy());

const ctx = {
  db, clock: new ManualClock('2026-03-02T09:00:00Z'), log: silentLogger,
  config: { PEERPODS_ADMINS: [], TEAM_SOURCE: 'department', INCLUDE_GUESTS: false },
  enqueue: async () => { throw new Error('nothing may be queued'); },
} as unknown as AppContext;

describe('a modal submission whose role check fails for another reason than a refusal', () => {
  for (const [name, handler] of [['launch confirm', waveLaunchConfirm], ['launch preview', waveLaunchPreview], ['programme settings', programmeSettings]] as const) {
    it(`${name}: shows a generic message (not the raw error) and lets the error reach app.error`, async () => {
      const acks: unknown[] = [];
      const ack = async (response?: unknown) => void acks.push(response);
      const run = handler(ctx)({ ack, body: { user: { id: 'U1' } }, view: { id: 'V1', private_metadata: '', state: { values: {} } } } as never);
      await expect(run).rejects.toThrow();
      expect(acks).toHaveLength(1);
      const shown = JSON.stringify(acks[0]);
      expect(shown).toContain(SOMETHING_WENT_WRONG);
      expect(shown).not.toMatch(/ECONNREFUSED|connect/i);
    });
  }
});
