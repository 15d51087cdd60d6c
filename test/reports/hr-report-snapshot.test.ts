import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { loadHrReport } from '../../src/reports/hr-report.service.ts';
import { reportCsvFile, reportPageFile } from '../../src/reports/report-render.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { seedReportOrg, type ReportOrg } from './fixtures.ts';

let rt: TestRuntime;
let org: ReportOrg;
const clock = new ManualClock('2026-12-07T09:00:00Z');
beforeAll(async () => {
  rt = await startTestRuntime({ workers: false, app: false, clock });
  org = await seedReportOrg(rt.db, rt.slackEmulator);
});
afterAll(async () => rt?.stop());

const newcomer = (n: number) =>
  rt.db.insertInto('person').values({ email: `new${n}@example.com`, name: `New ${n}`, team_id: org.teams.Support!, in_csv: true }).execute();

describe('the HR report snapshot', () => {
  it('serves one built report for a minute, then the last one while the next is built, and a fresh one after a quiet', async () => {
    const first = await loadHrReport(rt.db, clock.now());
    expect(first.headline.roster.value).toBe(33);
    await newcomer(1);
    expect(await loadHrReport(rt.db, clock.advance(30_000))).toBe(first); // within the minute

    // After a minute: the last report still answers at once; the next one is built behind it.
    expect(await loadHrReport(rt.db, clock.advance(40_000))).toBe(first);
    await expect.poll(async () => (await loadHrReport(rt.db, clock.now())).headline.roster.value).toBe(34);

    // After 15 quiet minutes the viewer waits for a new build rather than see old figures.
    await newcomer(2);
    const later = await loadHrReport(rt.db, clock.advance(16 * 60_000));
    expect(later.headline.roster.value).toBe(35);
    // `fresh` always builds (the digest, the demo).
    await newcomer(3);
    expect((await loadHrReport(rt.db, clock.now(), { fresh: true })).headline.roster.value).toBe(36);
  });

  it('a build with nothing changed serves the last report and its rendered files; any change (rollup, team name, wave) builds anew', async () => {
    const built = await loadHrReport(rt.db, clock.advance(60 * 60_000), { fresh: true });
    const csv = reportCsvFile(built);
    const page = await reportPageFile(built, 'hr.csv?t=a&b');
    expect(page).toContain('href="hr.csv?t=a&amp;b"');
    const again = await loadHrReport(rt.db, clock.advance(1_000), { fresh: true });
    expect(again).toBe(built); // same figures, already protected
    expect(reportCsvFile(again)).toBe(csv);
    expect(await reportPageFile(again, 'hr.csv?t=other')).toContain('href="hr.csv?t=other"');

    // A person joins: the triggers note them, the compaction folds them in and bumps the version.
    await newcomer(4);
    const grown = await loadHrReport(rt.db, clock.advance(1_000), { fresh: true });
    expect(grown).not.toBe(built);
    expect(grown.headline.roster.value).toBe(built.headline.roster.value! + 1);
    expect(reportCsvFile(grown)).not.toBe(csv);

    // Team names and waves are not in the rollup: they are part of what a build compares.
    await rt.db.updateTable('team').set({ name: 'Customer Support' }).where('id', '=', org.teams.Support!).execute();
    const renamed = await loadHrReport(rt.db, clock.advance(1_000), { fresh: true });
    expect(renamed).not.toBe(grown);
    expect(reportCsvFile(renamed)).toContain('Customer Support');
    await rt.db.updateTable('wave').set({ name: 'Autumn wave' }).where('id', '=', org.waveId).execute();
    const waveRenamed = await loadHrReport(rt.db, clock.advance(1_000), { fresh: true });
    expect(waveRenamed).not.toBe(renamed);
    expect(waveRenamed.waves[0]!.wave.name).toBe('Autumn wave');
  });
});
