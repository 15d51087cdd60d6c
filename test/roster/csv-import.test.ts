import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importRosterCsv, RosterCsvError } from '../../src/roster/csv-import.service.ts';
import { managerCycles, parseRosterCsv } from '../../src/roster/csv-import.ts';
import { createTestDatabase, truncateAll, type TestDatabase } from '../support/database.ts';

const HEADER = 'email,name,team,department,manager_email,location,timezone,title';
const GOOD = [
  HEADER,
  'ada@acme.test,Ada Lovelace,Engineering,R&D,,London,Europe/London,CTO',
  'bob@acme.test,Bob Builder,Engineering,R&D,ada@acme.test,Berlin,Europe/Berlin,Engineer',
  'cy@acme.test,Cy Young,Sales,GTM,ada@acme.test,"New York, NY",America/New_York,',
].join('\n');
const now = new Date('2026-03-02T09:00:00Z');

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.destroy());
beforeEach(async () => truncateAll(t.db));

async function snapshot() {
  return {
    people: await t.db.selectFrom('person').selectAll().orderBy('email').execute(),
    teams: await t.db.selectFrom('team').selectAll().orderBy('name').execute(),
  };
}

describe('roster CSV import', () => {
  it('imports people and teams; importing the same file twice changes no person or team, and logs a run that says so', async () => {
    const first = await importRosterCsv(t.db, { file: 'roster.csv', text: GOOD, now });
    expect(first).toMatchObject({ rows: 3, created: 3, updated: 0, teamsCreated: 2 });
    const before = await snapshot();
    expect(before.people.map((p) => [p.email, p.manager_email, p.timezone, p.location, p.in_csv])).toEqual([
      ['ada@acme.test', null, 'Europe/London', 'London', true],
      ['bob@acme.test', 'ada@acme.test', 'Europe/Berlin', 'Berlin', true],
      ['cy@acme.test', 'ada@acme.test', 'America/New_York', 'New York, NY', true],
    ]);
    const second = await importRosterCsv(t.db, { file: 'roster.csv', text: GOOD, now: new Date(now.getTime() + 3_600_000) });
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 3, teamsCreated: 0 });
    expect(await snapshot()).toEqual(before);
    // roster_sync is a log of checks, not of changes: both runs are there, the second changed nothing.
    const runs = await t.db.selectFrom('roster_sync').select(['source', 'status', 'stats', 'started_at']).orderBy('started_at').execute();
    expect(runs).toEqual([
      { source: 'csv', status: 'succeeded', stats: { rows: 3, created: 3, updated: 0, unchanged: 0, teamsCreated: 2 }, started_at: now },
      { source: 'csv', status: 'succeeded', stats: { rows: 3, created: 0, updated: 0, unchanged: 3, teamsCreated: 0 }, started_at: new Date(now.getTime() + 3_600_000) },
    ]);
  });

  it('rejects a malformed file naming every bad row and column, and writes nothing', async () => {
    await importRosterCsv(t.db, { file: 'roster.csv', text: GOOD, now });
    const before = await snapshot();
    const bad = [
      HEADER + ',slack_user_id',
      'ada@acme.test,Ada Lovelace,Engineering,R&D,,London,Europe/London,CTO,U0ADA',
      'not-an-email,Nobody,Engineering,,,,Europe/London,,', // line 3: email
      'dan@acme.test,Dan,Support,,ghost@acme.test,,Mars/Olympus,,', // line 4: manager unknown, zone unknown
      'ada@acme.test,Ada Again,Engineering,,,,UTC,,', // line 5: duplicate email
      'eve@acme.test,Eve,,,eve@acme.test,,UTC,,', // line 6: no team, own manager
      'fay@acme.test,Fay,Support,,gus@acme.test,,UTC,,', // lines 7-8: a cycle
      'gus@acme.test,Gus,Support,,fay@acme.test,,UTC,,',
      'hal@acme.test,Hal,Support,,,,UTC,,U0ADA', // line 9: Slack id given twice
    ].join('\n');
    const error = await importRosterCsv(t.db, { file: 'bad.csv', text: bad, now }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RosterCsvError);
    const problems = (error as RosterCsvError).problems.map((p) => `${p.line}:${p.column}`);
    expect(problems).toEqual(expect.arrayContaining([
      '3:email', '4:manager_email', '4:timezone', '5:email', '6:team', '6:manager_email', '7:manager_email', '8:manager_email', '9:slack_user_id',
    ]));
    expect((error as Error).message).toContain('bad.csv:4 column "timezone": not an IANA time zone');
    expect((error as Error).message).toContain('manager cycle: fay@acme.test → gus@acme.test → fay@acme.test');
    expect(await snapshot()).toEqual(before);
    expect(await t.db.selectFrom('roster_sync').select('source').execute()).toEqual([{ source: 'csv' }]);
  });

  it('reports a row with the wrong number of cells alongside every other problem, and writes nothing (CLI exits 1)', async () => {
    await importRosterCsv(t.db, { file: 'roster.csv', text: GOOD, now });
    const before = await snapshot();
    const bad = [
      HEADER,
      'kim@acme.test,Kim,Sales,GTM,ada@acme.test,Paris', // line 2: short (6 of 8 cells)
      'lee@acme.test,Lee,Sales,,,,Moon/Base,', // line 3: bad zone
      'kim@acme.test,Kim Again,Sales,,,,UTC,', // line 4: duplicate email
      'max@acme.test,Max,Sales,,ghost@acme.test,,UTC,', // line 5: unknown manager
      'ned@acme.test,Ned,Sales,,,Rome, Italy,Europe/Rome,', // line 6: long (an unquoted comma)
    ].join('\n');
    const error = await importRosterCsv(t.db, { file: 'bad.csv', text: bad, now }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RosterCsvError);
    expect((error as RosterCsvError).problems.map((p) => `${p.line}:${p.column}`)).toEqual([
      '2:timezone', '3:timezone', '4:email', '5:manager_email', '6:undefined',
    ]);
    expect((error as Error).message).toContain('bad.csv:2 column "timezone": 6 cells but the header has 8');
    expect((error as Error).message).toContain('bad.csv:6: 9 cells but the header has 8');
    expect(await snapshot()).toEqual(before);

    const dir = mkdtempSync(path.join(tmpdir(), 'roster-'));
    writeFileSync(path.join(dir, 'bad.csv'), bad);
    const run = spawnSync(process.execPath, ['bin/peerpods.js', 'roster', 'import', path.join(dir, 'bad.csv')], {
      env: { ...process.env, DATABASE_URL: t.url, NODE_ENV: 'test' }, encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    for (const where of ['bad.csv:2 column "timezone"', 'bad.csv:3 column "timezone"', 'bad.csv:4 column "email"', 'bad.csv:5 column "manager_email"', 'bad.csv:6:']) {
      expect(run.stderr).toContain(where);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('reports a broken quote on its own line and still checks the rows after it', () => {
    const { problems } = parseRosterCsv([
      HEADER,
      'ann@acme.test,"Ann" Lee,Sales,,,,UTC,', // line 2: text after a closing quote
      'ben@acme.test,Ben,Sales,,,"Oslo,Europe/Oslo,', // line 3: a quote never closed
      'cal@acme.test,Cal,Sales,,,,Atlantis/Deep,', // line 4: bad zone
      'dee@acme.test,Dee,Sales,,ann@acme.test,,UTC,', // line 5: fine, ann is on line 2
    ].join('\n'));
    expect(problems.map((p) => `${p.line}:${p.column}`)).toEqual(['2:name', '3:location', '4:timezone']);
    expect(problems[1]?.message).toContain('never closed');
  });

  it('a duplicate row does not hide a manager cycle: both are reported', () => {
    const { problems } = parseRosterCsv([
      HEADER,
      'amy@acme.test,Amy,Sales,,bea@acme.test,,UTC,', // line 2: amy → bea
      'bea@acme.test,Bea,Sales,,amy@acme.test,,UTC,', // line 3: bea → amy, a cycle
      'amy@acme.test,Amy,Sales,,,,UTC,', // line 4: amy again, with no manager
    ].join('\n'));
    expect(problems.map((p) => `${p.line}:${p.column}:${p.message}`)).toEqual([
      '2:manager_email:manager cycle: amy@acme.test → bea@acme.test → amy@acme.test',
      '3:manager_email:manager cycle: amy@acme.test → bea@acme.test → amy@acme.test',
      '4:email:amy@acme.test already appears on line 2',
    ]);
  });

  it('accepts a manager already on the roster, and refuses a Slack id someone else holds', async () => {
    await importRosterCsv(t.db, { file: 'roster.csv', text: GOOD, now });
    await t.db.updateTable('person').set({ slack_user_id: 'U0BOB' }).where('email', '=', 'bob@acme.test').execute();
    const more = [HEADER + ',slack_user_id', 'ivy@acme.test,Ivy,Sales,,cy@acme.test,,Asia/Kolkata,,'].join('\n');
    expect(await importRosterCsv(t.db, { file: 'more.csv', text: more, now })).toMatchObject({ created: 1 });
    const taken = [HEADER + ',slack_user_id', 'jo@acme.test,Jo,Sales,,,,UTC,,U0BOB'].join('\n');
    await expect(importRosterCsv(t.db, { file: 'taken.csv', text: taken, now })).rejects.toThrow(/U0BOB belongs to bob@acme.test/);
  });

  it('reports missing and unknown columns on the header line', () => {
    const { problems } = parseRosterCsv('email,name,team,timezon\na@b.test,A,T,UTC\n');
    expect(problems.map((p) => `${p.line}:${p.column}:${p.message.split(' (')[0]}`)).toEqual(expect.arrayContaining([
      '1:timezone:missing column', '1:department:missing column', '1:timezon:unknown column',
    ]));
  });

  it('finds each manager cycle once', () => {
    const cycles = managerCycles(new Map([['a', 'b'], ['b', 'c'], ['c', 'a'], ['d', 'a'], ['e', null]]));
    expect(cycles).toEqual([['a', 'b', 'c']]);
  });

  it('the CLI exits non-zero on a bad file and prints every problem', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'roster-'));
    const file = path.join(dir, 'bad.csv');
    writeFileSync(file, `${HEADER}\nnope,X,T,,,,Nowhere/Zone,\n`);
    const run = spawnSync(process.execPath, ['bin/peerpods.js', 'roster', 'import', file], {
      env: { ...process.env, DATABASE_URL: t.url, NODE_ENV: 'test' }, encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('bad.csv:2 column "email"');
    expect(run.stderr).toContain('bad.csv:2 column "timezone"');
  });
});
