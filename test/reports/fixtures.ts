import type { Db } from '../../src/db.ts';
import type { SlackEmulator } from '../../src/sandbox/slack/index.ts';

export interface ReportOrg {
  hr: { slackId: string; personId: string };
  member: { slackId: string; personId: string };
  teams: Record<string, string>;
  waveId: string;
}

/**
 * A small organisation with one wave run to the end: Support 14 people (the HR person among
 * them), Engineering 10, Design 6, Legal 3. 20 invited; 4 pods of 4 (2 continued, 2 closed),
 * two declines and two who never answered; 6 sessions per pod, attendance and retro ratings.
 */
export async function seedReportOrg(db: Db, slack: SlackEmulator): Promise<ReportOrg> {
  const sizes = { Support: 14, Engineering: 10, Design: 6, Legal: 3 } as const;
  const teams: Record<string, string> = {};
  const people: Record<string, string[]> = {};
  for (const [name, size] of Object.entries(sizes)) {
    const team = await db.insertInto('team').values({ name, source: 'csv', external_id: null }).returning('id').executeTakeFirstOrThrow();
    teams[name] = team.id;
    people[name] = [];
    for (let i = 0; i < size; i++) {
      const email = `${name.toLowerCase()}${i}@example.com`;
      const slackId = i === 0 ? slack.workspace.addUser({ email, realName: `${name} ${i}` }).id : null;
      const row = await db.insertInto('person').values({ email, name: `${name} ${i}`, slack_user_id: slackId, team_id: team.id, in_csv: true })
        .returning('id').executeTakeFirstOrThrow();
      people[name]!.push(row.id);
    }
  }
  const hrId = people.Support![0]!;
  await db.insertInto('person_role').values({ person_id: hrId, role: 'hr', granted_by: null }).execute();
  const hrSlack = (await db.selectFrom('person').select('slack_user_id').where('id', '=', hrId).executeTakeFirstOrThrow()).slack_user_id!;
  const memberSlack = (await db.selectFrom('person').select('slack_user_id').where('id', '=', people.Engineering![0]!).executeTakeFirstOrThrow()).slack_user_id!;

  const programme = await db.insertInto('programme').values({ name: 'Peer pods' }).returning('id').executeTakeFirstOrThrow();
  const wave = await db.insertInto('wave').values({
    programme_id: programme.id, name: 'Wave 1', status: 'running', start_week: '2026-09-07', invite_deadline: new Date('2026-09-04T17:00:00Z'),
  }).returning('id').executeTakeFirstOrThrow();
  for (const id of Object.values(teams)) await db.insertInto('wave_team').values({ wave_id: wave.id, team_id: id }).execute();

  // Pods mix teams: [Support×2, Engineering, Design], … ; Legal's 2 invitees decline/never answer.
  const pick = (team: string, from: number, n: number) => people[team]!.slice(from, from + n);
  const pods = [
    { members: [...pick('Support', 1, 2), ...pick('Engineering', 0, 1), ...pick('Design', 0, 1)], status: 'continued' },
    { members: [...pick('Support', 3, 2), ...pick('Engineering', 1, 1), ...pick('Design', 1, 1)], status: 'continued' },
    { members: [...pick('Support', 5, 2), ...pick('Engineering', 2, 2)], status: 'closed' },
    { members: [...pick('Support', 7, 2), ...pick('Engineering', 4, 1), ...pick('Design', 2, 1)], status: 'closed' },
  ] as const;
  const answered = new Date('2026-09-02T10:00:00Z');
  let podIndex = 0;
  for (const pod of pods) {
    const row = await db.insertInto('pod').values({
      wave_id: wave.id, name: `Pod ${++podIndex}`, status: pod.status, min_size: 4, max_size: 5, confirmed_at: answered,
    }).returning('id').executeTakeFirstOrThrow();
    for (const [seat, personId] of pod.members.entries()) {
      await db.insertInto('invite').values({ pod_id: row.id, wave_id: wave.id, person_id: personId, status: 'accepted', answered_at: answered }).execute();
      await db.insertInto('pod_member').values({ pod_id: row.id, person_id: personId, seat, joined_at: answered }).execute();
    }
    for (let index = 0; index < 6; index++) {
      const starts = new Date(Date.UTC(2026, 8, 8 + 7 * index, 14));
      const session = await db.insertInto('pod_session').values({
        pod_id: row.id, index, starts_at: starts, ends_at: new Date(starts.getTime() + 3_600_000), status: 'held',
      }).returning('id').executeTakeFirstOrThrow();
      for (const [seat, personId] of pod.members.entries()) {
        const status = (seat + index) % 5 === 0 ? 'absent' : 'attended';
        await db.insertInto('attendance').values({ session_id: session.id, person_id: personId, status }).execute();
      }
    }
    for (const [seat, personId] of pod.members.entries()) {
      await db.insertInto('retro_response').values({
        pod_id: row.id, person_id: personId, wants_to_continue: pod.status === 'continued' ? 'continue' : 'close',
        rating: 3 + (seat % 3), celebrate: `secret celebration ${personId}`, change: 'private words', share_with_leads: seat === 0,
      }).execute();
    }
  }
  // Two Legal people and two Design people were invited to a pod that formed without them.
  const spare = await db.insertInto('pod').values({ wave_id: wave.id, name: 'Pod 5', status: 'dissolved', min_size: 4, max_size: 5, dissolved_reason: 'too few accepted' })
    .returning('id').executeTakeFirstOrThrow();
  const outcomes = [
    [people.Legal![0]!, 'declined'], [people.Legal![1]!, 'expired'], [people.Design![3]!, 'declined'], [people.Design![4]!, 'expired'],
  ] as const;
  for (const [personId, status] of outcomes) {
    await db.insertInto('invite').values({
      pod_id: spare.id, wave_id: wave.id, person_id: personId, status,
      ...(status === 'declined' ? { decline_kind: 'decline' as const, answered_at: answered } : {}),
    }).execute();
  }
  return { hr: { slackId: hrSlack, personId: hrId }, member: { slackId: memberSlack, personId: people.Engineering![0]! }, teams, waveId: wave.id };
}
