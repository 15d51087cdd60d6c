import { describe, expect, it } from 'vitest';
import type { DesiredPerson } from '../../src/roster/roster-merge.ts';
import { describeConflicts, planRoster } from '../../src/roster/roster-match.ts';
import type { Person } from '../../src/roster/roster.table.ts';

const row = (id: string, email: string, slackUserId: string | null): Person => ({
  id, email, slack_user_id: slackUserId, name: `Row ${id}`, timezone: 'UTC', team_id: null, department: null, org_unit: null,
  manager_email: null, location: null, title: null, is_guest: false, status: 'active', paused_until: null, left_reason: null,
  enrolled: true, in_slack: slackUserId !== null, in_directory: false, in_csv: slackUserId === null, last_synced_at: null,
  created_at: new Date(0), updated_at: new Date(0),
} as Person);
const listed = (slackUserId: string, email: string): DesiredPerson => ({
  slackUserId, email, name: slackUserId, timezone: null, isGuest: false, slackTitle: null, directory: undefined, team: undefined,
});
const updatedIds = (plan: ReturnType<typeof planRoster>) => plan.updates.map((u) => [u.desired.slackUserId, u.existing.id]);

describe('planRoster: which row each listed Slack user is', () => {
  it('a new Slack user taking a freed address gets a new row, not the renamed person\'s', () => {
    const plan = planRoster([row('p1', 'a@x.test', 'U1')], [listed('U1', 'b@x.test'), listed('U7', 'a@x.test')]);
    expect(updatedIds(plan)).toEqual([['U1', 'p1']]);
    expect(plan.inserts.map((d) => d.slackUserId)).toEqual(['U7']);
    expect(plan.conflicts).toEqual([]);
  });

  it('a chain of renames parks the address that moves, and conflicts with a staying row cascade', () => {
    const current = [row('p1', 'a@x.test', 'U1'), row('p2', 'b@x.test', 'U2'), row('p3', 'c@x.test', null)];
    // U1 a→b while U2 b→c, but c belongs to a CSV-only row that stays: U2 is refused, so U1 is too.
    const plan = planRoster(current, [listed('U1', 'b@x.test'), listed('U2', 'c@x.test')]);
    expect(plan.updates).toEqual([]);
    expect(plan.conflicts.map((c) => [c.slackUserId, c.heldBy.id])).toEqual([['U1', 'p2'], ['U2', 'p3']]);
    expect(plan.skipped.map((p) => p.id)).toEqual(['p1', 'p2']);
    // With c free the chain goes through, b being freed first.
    const free = planRoster(current.slice(0, 2), [listed('U1', 'b@x.test'), listed('U2', 'c@x.test')]);
    expect(updatedIds(free)).toEqual([['U1', 'p1'], ['U2', 'p2']]);
    expect(free.parked.map((p) => p.id)).toEqual(['p2']);
  });

  it('still links a CSV-only row or a re-hire by email, and refuses a new user whose address a listed person keeps', () => {
    const current = [row('csv', 'c@x.test', null), row('old', 'r@x.test', 'U_OLD'), row('p1', 'a@x.test', 'U1')];
    const plan = planRoster(current, [listed('U3', 'c@x.test'), listed('U4', 'r@x.test'), listed('U1', 'a@x.test'), listed('U9', 'a@x.test')]);
    expect(updatedIds(plan)).toEqual([['U3', 'csv'], ['U4', 'old'], ['U1', 'p1']]);
    expect(plan.inserts).toEqual([]);
    expect(plan.conflicts).toMatchObject([{ slackUserId: 'U9', personId: undefined, heldBy: { id: 'p1' } }]);
    expect(describeConflicts(plan.conflicts)).toContain('U9 → a@x.test (held by Row p1');
  });
});
