import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Matcher } from '../../src/slack/listeners/registry.ts';
import { DECLINE_CALLBACK } from '../../src/slack/blocks/decline.blocks.ts';
import { INVITE_ACTIONS } from '../../src/slack/blocks/invite.blocks.ts';
import { ROSTER_VIEWS } from '../../src/slack/blocks/roster.blocks.ts';
import { renderHome } from '../../src/slack/home/render-home.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { craftedButton, craftedSubmission, sendCrafted } from '../waves/forge.ts';
import { launchFreshWave, seedPeople, startWaveRuntime } from '../waves/support.ts';

/**
 * Generated from the app's own listener registry: every action id and view callback the app
 * registers is sent, correctly signed, by someone without a role. Each must be acknowledged,
 * refused, audited, and change nothing. A handler added later is covered without touching this
 * file; one that any roster member may use (on their own things only) must be listed here.
 */
const SELF_SERVICE = new Set<string>([
  // A person answers their own invite (ownership is checked and audited in answerInvite).
  INVITE_ACTIONS.accept, INVITE_ACTIONS.notThisTime, INVITE_ACTIONS.decline, DECLINE_CALLBACK,
  // A person's own membership, from their home tab.
  'member_join', 'member_resume', 'member_leave', 'member_pause_open', ROSTER_VIEWS.pause,
]);
/**
 * Usable by any member, but only on their own subject: the pod session they facilitate or attend,
 * the retro of a round they are in. Here the crafted value names no real subject, so these must
 * be acknowledged and change nothing; their refusals of a real subject that is not the clicker's
 * are tested with the feature (test/rhythm/*.test.ts, test/retros/round-end.test.ts).
 * Link buttons (the HR report's signed URL, the digest's home link) only need an ack: the signed
 * link is checked when it is opened (test/reports/report-link.test.ts).
 */
const SUBJECT_SCOPED = new Set<string>([
  'rhythm_swap', 'rhythm_skip', 'rhythm_met', 'rhythm_skipped', 'rhythm_moved_open', 'rhythm_moved', 'rhythm_attendance',
  'retro_submit', 'rhythm_digest_home', 'hr_report_open',
  // A pod's "Find a new time" and its options: current members of that pod only (test/calendar/reschedule.test.ts).
  'pod_reschedule', 'pod_reschedule_pick',
]);
/** Admin-only: a lead must be refused these too. */
const ADMIN_ONLY = new Set<string>(['roster_sync_now', 'roles_open', 'roster_sync_confirm_removals', ROSTER_VIEWS.roles]);

/** An id the matcher accepts: the string itself, or a RegExp's first alternative (checked). */
function sampleId(matcher: Matcher): string {
  const raw = typeof matcher === 'string' || matcher instanceof RegExp ? matcher : (matcher.action_id ?? matcher.callback_id);
  if (typeof raw === 'string') return raw;
  if (!(raw instanceof RegExp)) throw new Error(`cannot derive an id from listener matcher ${JSON.stringify(matcher)}`);
  const sample = raw.source.replace(/^\^|\$$/g, '').replace(/\(([^|)]*)[^)]*\)/g, '$1');
  if (!raw.test(sample)) throw new Error(`listener ${raw}: give test/slack/authorization.test.ts a sample id for it`);
  return sample;
}

let rt: TestRuntime;
let member: { slackId: string; personId: string };
let lead: { slackId: string; personId: string };
let ids: { waveId: string; programmeId: string; inviteId: string };

beforeAll(async () => {
  ({ rt } = await startWaveRuntime());
});
afterAll(async () => rt?.stop());

// launchFreshWave polls with expect, which only works inside a test: set up on first use.
let ready: Promise<void> | undefined;
const setup = () => (ready ??= (async () => {
  const launched = await launchFreshWave(rt, { Alpha: 2, Beta: 2, Gamma: 2, Delta: 2 });
  lead = launched.lead;
  const invite = await rt.db.selectFrom('invite').select('id').where('wave_id', '=', launched.waveId).executeTakeFirstOrThrow();
  ids = { waveId: launched.waveId, programmeId: launched.programme.id, inviteId: invite.id };
  // On the roster, in no wave, with no role.
  member = (await seedPeople(rt, { Outsiders: 1 }))[0]!;
  await rt.drain();
})());

/** A fingerprint of every table but the audit log: equal before and after means nothing changed. */
async function snapshot(): Promise<Record<string, string>> {
  const tables = await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('audit_log') AND table_name NOT LIKE 'kysely_%'`.execute(rt.db);
  const out: Record<string, string> = {};
  for (const { name } of tables.rows) {
    const { rows } = await sql<{ h: string | null }>`SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS h FROM ${sql.table(name)} t`.execute(rt.db);
    out[name] = rows[0]?.h ?? 'empty';
  }
  return out;
}
const refusals = async (slackId: string) =>
  Number((await rt.db.selectFrom('audit_log').select(({ fn }) => fn.countAll<string>().as('n')).where('actor_slack_id', '=', slackId).where('allowed', '=', false).executeTakeFirstOrThrow()).n);

/** Whether a new refusal was audited; handlers ack first and refuse just after, so wait a little. */
async function refusedSince(slackId: string, before: number): Promise<boolean> {
  for (let waited = 0; waited < 5_000; waited += 50) {
    if ((await refusals(slackId)) > before) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

function registered(kind: 'actions' | 'views'): string[] {
  return rt.app!.registry[kind].map(sampleId);
}

async function send(kind: 'actions' | 'views', userId: string, id: string) {
  if (kind === 'actions') return sendCrafted(rt, craftedButton(userId, id, ids.waveId));
  const submission = craftedSubmission(userId, id, JSON.stringify(ids));
  return sendCrafted(rt, submission);
}

describe.each(['actions', 'views'] as const)('every registered %s, from someone without the role', (kind) => {
  it('is acknowledged, refused, audited, and changes nothing', async () => {
    await setup();
    const privileged = registered(kind).filter((id) => !SELF_SERVICE.has(id));
    expect(privileged.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const id of privileged) {
      const before = await snapshot();
      const audited = await refusals(member.slackId);
      const result = await send(kind, member.slackId, id);
      await rt.drain();
      if (result.status !== 200) problems.push(`${id}: answered ${result.status}, not an ack`);
      if (!SUBJECT_SCOPED.has(id) && !(await refusedSince(member.slackId, audited))) problems.push(`${id}: no refusal in the audit log (a handler any member may use goes in SELF_SERVICE)`);
      const after = await snapshot();
      const changed = Object.keys(after).filter((t) => after[t] !== before[t]);
      if (changed.length) problems.push(`${id}: changed ${changed.join(', ')}`);
    }
    expect(problems).toEqual([]);
  });
});

describe('a lead', () => {
  it('is refused, audited and changes nothing on the admin-only actions and views', async () => {
    await setup();
    // The list must name registered ids: a renamed admin handler would otherwise drop out unnoticed.
    const all = new Set([...registered('actions'), ...registered('views')]);
    expect([...ADMIN_ONLY].filter((id) => !all.has(id))).toEqual([]);
    const problems: string[] = [];
    for (const kind of ['actions', 'views'] as const) {
      for (const id of registered(kind).filter((x) => ADMIN_ONLY.has(x))) {
        const before = await snapshot();
        const audited = await refusals(lead.slackId);
        const result = await send(kind, lead.slackId, id);
        await rt.drain();
        if (result.status !== 200) problems.push(`${id}: answered ${result.status}`);
        if (!(await refusedSince(lead.slackId, audited))) problems.push(`${id}: not audited as refused`);
        const after = await snapshot();
        if (Object.keys(after).some((t) => after[t] !== before[t])) problems.push(`${id}: changed state`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('a member', () => {
  it('never sees the lead, admin or HR sections of the home tab', async () => {
    await setup();
    const ctx = { db: rt.db, clock: rt.clock, config: rt.config, enqueue: rt.enqueue, log: rt.log };
    const home = JSON.stringify(await renderHome(ctx, member.slackId));
    for (const privileged of ['wave_launch_open', 'roster_sync_now', 'roles_open', 'in aggregate', 'fewer than']) expect(home).not.toContain(privileged);
  });
});
