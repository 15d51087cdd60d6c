import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queues } from '../../src/queues.ts';
import { InvalidPayloadError } from '../../src/queue/errors.ts';
import { ROSTER_CSV_COLUMNS } from '../../src/roster/csv-format.ts';
import { parseRosterCsv } from '../../src/roster/csv-import.ts';
import { importRosterCsv } from '../../src/roster/csv-import.service.ts';
import { SANDBOX_SIGNING_SECRET } from '../../src/platform/runtime.ts';
import { formEncodePayload, signSlackRequest } from '../../src/sandbox/slack/signing.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

// Bad input of every shape gets a clear answer and changes nothing: roster CSVs, job payloads,
// and Slack payloads with fields missing or of the wrong type (correctly signed, so they reach
// the listeners), on every action and modal the app registers, sent by an admin.
let rt: TestRuntime;
const ADMIN = 'fuzz.admin@example.com';
let adminId: string;
beforeAll(async () => {
  rt = await startTestRuntime({ env: { PEERPODS_ADMINS: ADMIN } });
  adminId = rt.slackEmulator.workspace.addUser({ email: ADMIN, realName: 'Fuzz Admin' }).id;
  await rt.db.insertInto('person').values({ email: ADMIN, name: 'Fuzz Admin', slack_user_id: adminId } as never).execute();
});
afterAll(async () => rt?.stop());

async function fingerprint(): Promise<string> {
  const tables = await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('audit_log', 'roster_sync') AND table_name NOT LIKE 'kysely_%'`.execute(rt.db);
  const parts: string[] = [];
  for (const { name } of tables.rows) {
    const { rows } = await sql<{ h: string | null }>`SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS h FROM ${sql.table(name)} t`.execute(rt.db);
    parts.push(`${name}:${rows[0]?.h ?? ''}`);
  }
  return parts.join(',');
}

const cell = fc.oneof(fc.string(), fc.constantFrom('', 'not-an-email', 'Mars/Olympus', 'a@b.co', '"quoted, comma"', '=cmd()', 'x'.repeat(300)));

describe('roster CSV', () => {
  it('parsing any text never throws: rows, or problems with a line number', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (text) => {
      const parsed = parseRosterCsv(text);
      expect(parsed.rows.length > 0 || parsed.problems.length > 0).toBe(true);
      for (const p of parsed.problems) expect(p.line).toBeGreaterThanOrEqual(1);
    }), { numRuns: 300 });
  });

  it('a file with a bad row imports nothing, whatever else it holds', async () => {
    const header = ROSTER_CSV_COLUMNS.join(',');
    const row = fc.array(cell, { minLength: ROSTER_CSV_COLUMNS.length, maxLength: ROSTER_CSV_COLUMNS.length });
    await fc.assert(fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 5 }), async (rows) => {
      const text = [header, ...rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(','))].join('\n');
      if (parseRosterCsv(text).problems.length === 0) return; // a valid file is another test's business
      const before = await fingerprint();
      await expect(importRosterCsv(rt.db, { file: 'fuzz.csv', text, now: rt.clock.now() })).rejects.toThrow();
      expect(await fingerprint()).toBe(before);
    }), { numRuns: 25 });
  });
});

describe('job payloads', () => {
  it('every queue refuses a malformed payload at enqueue, naming the fields, and enqueues nothing', async () => {
    for (const name of Object.keys(queues) as (keyof typeof queues)[]) {
      await fc.assert(fc.asyncProperty(fc.anything(), async (payload) => {
        if (queues[name].payload.safeParse(payload).success) return;
        const waiting = await rt.backend.queue(name).count();
        await expect(rt.enqueue(name, payload as never)).rejects.toBeInstanceOf(InvalidPayloadError);
        expect(await rt.backend.queue(name).count()).toBe(waiting);
      }), { numRuns: 30 });
    }
  });
});

const now = () => Math.floor(Date.now() / 1000);
async function sendSigned(payload: unknown) {
  const body = formEncodePayload(payload as Record<string, unknown>);
  return rt.slackEmulator.driver.sendRaw({ body, contentType: 'application/x-www-form-urlencoded', timestamp: now(), signature: signSlackRequest(SANDBOX_SIGNING_SECRET, now(), body) });
}
/** A field missing, null, or of a wrong type. */
const junk = fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer(), fc.string({ maxLength: 8 }), fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }));

describe('Slack payloads with missing or wrong-typed fields', () => {
  it('every registered action and view, with junk in its fields: answered in time, nothing changed', async () => {
    // Buttons whose effect needs no input, so junk cannot be refused: a person's own membership,
    // and an admin's "sync now" (it runs a sync).
    const ownStatus = new Set(['member_join', 'member_resume', 'member_leave', 'roster_sync_now', 'roster_sync_confirm_removals']);
    const actions = rt.app!.registry.actions.filter((m): m is string => typeof m === 'string' && !ownStatus.has(m));
    const views = rt.app!.registry.views.filter((m): m is string => typeof m === 'string');
    const before = await fingerprint();
    await fc.assert(fc.asyncProperty(fc.constantFrom(...actions), fc.constantFrom(...views), junk, junk, junk, async (actionId, callbackId, a, b, c) => {
      const user = { id: adminId, name: 'fuzz', team_id: 'T0' };
      const click = await sendSigned({ type: 'block_actions', user, team: { id: 'T0' }, trigger_id: a, container: b, actions: [{ action_id: actionId, block_id: 'b', type: 'button', value: c }] });
      const submit = await sendSigned({ type: 'view_submission', user, team: { id: 'T0' }, trigger_id: a, view: { id: 'V0', type: 'modal', callback_id: callbackId, private_metadata: c, state: { values: b } } });
      for (const [what, result] of [[`action ${actionId}`, click], [`view ${callbackId}`, submit]] as const) {
        expect(result.timedOut ?? false, what).toBe(false);
        // A clear answer (a refusal, an inline error, "no such thing"), never a 500 Slack shows as an error.
        expect(result.status, what).toBe(200);
      }
    }), { numRuns: 40 });
    await rt.drain();
    expect(await fingerprint()).toBe(before);
  });
});
