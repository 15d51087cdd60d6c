import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportUrlsFor } from '../../src/reports/report-links.service.ts';
import { signReportLink } from '../../src/reports/report-link.ts';
import { reportLinkSecret } from '../../src/reports/report-secret.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { seedReportOrg, type ReportOrg } from './fixtures.ts';

let rt: TestRuntime;
let org: ReportOrg;
beforeAll(async () => {
  rt = await startTestRuntime({ workers: false });
  org = await seedReportOrg(rt.db, rt.slackEmulator);
});
afterAll(async () => rt?.stop());

const get = (url: string, cookie?: string) => fetch(url, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
const refusal = async (response: Response) => /data-refusal="([a-z_]+)"/.exec(await response.text())?.[1];
const urlsFor = (personId: string) => reportUrlsFor(rt.config, personId, new Date())!;

describe('signed report links', () => {
  it('open the report for the HR person who got them, in the browser that opened them first', async () => {
    const { html, csv } = urlsFor(org.hr.personId);
    const first = await get(html);
    expect(first.status).toBe(200);
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    expect(first.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    const page = await first.text();
    for (const chart of ['coverage', 'funnel', 'trend', 'connections']) expect(page).toMatch(new RegExp(`data-chart="${chart}"><figcaption>[^<]+</figcaption><svg`));
    expect(page).not.toContain('secret celebration');
    expect(page).not.toMatch(/support\d@example\.com|Support 3/);

    expect((await get(html, cookie)).status).toBe(200); // the same browser again
    const forwarded = await get(html); // someone else, without the cookie
    expect(forwarded.status).toBe(403);
    expect(await refusal(forwarded)).toBe('other_browser');

    const file = await get(csv);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await file.text()).split('\r\n');
    expect(lines[0]).toBe('section,wave,wave_start,team,other_team,measure,value,base_people,status');
    // Support with Engineering 8 + 5. Pods 1, 2 and 4 put 6 Support people with 3 Design people:
    // 3 people of Design took part, so Design is left off the map (listing whom they met, or
    // not, would be about each of them), and off the total and the pairs bridged.
    expect(lines).toEqual(expect.arrayContaining([
      expect.stringMatching(/^connection,,,(Support,Engineering|Engineering,Support),people_connected,13,13,shown$/),
      'headline,,,,,people_connected,13,13,shown',
      'headline,,,,,team_pairs_bridged,1,,shown',
    ]));
    expect(lines.filter((line) => line.startsWith('connection,') && line.includes('Design'))).toEqual([]);
  });

  it('refuse an expired link', async () => {
    const secret = reportLinkSecret(rt.config);
    const token = signReportLink(secret, org.hr.personId, new Date(Date.now() - 25 * 3600_000), 24);
    const response = await get(`${rt.config.PUBLIC_URL}/reports/hr?t=${token}`);
    expect(response.status).toBe(403);
    expect(await refusal(response)).toBe('expired');
  });

  it('refuse a tampered link: another person or a later expiry under the old signature', async () => {
    const { html } = urlsFor(org.hr.personId);
    const token = new URL(html).searchParams.get('t')!;
    const [payload, signature] = token.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    for (const change of [{ personId: org.member.personId }, { expiresAt: claims.expiresAt + 86_400 * 30 }]) {
      const forged = Buffer.from(JSON.stringify({ ...claims, ...change })).toString('base64url');
      const response = await get(`${rt.config.PUBLIC_URL}/reports/hr?t=${forged}.${signature}`);
      expect(response.status).toBe(403);
      expect(await refusal(response)).toBe('tampered');
    }
    expect(await refusal(await get(`${rt.config.PUBLIC_URL}/reports/hr?t=garbage`))).toBe('malformed');
  });

  it("refuse a link made for someone without the HR role, or whose role was taken away", async () => {
    const member = await get(urlsFor(org.member.personId).html);
    expect(member.status).toBe(403);
    expect(await refusal(member)).toBe('not_allowed');

    const { html } = urlsFor(org.hr.personId);
    await rt.db.deleteFrom('person_role').where('person_id', '=', org.hr.personId).execute();
    const revoked = await get(html);
    expect(await refusal(revoked)).toBe('not_allowed');
    await rt.db.insertInto('person_role').values({ person_id: org.hr.personId, role: 'hr', granted_by: null }).execute();

    const audit = await rt.db.selectFrom('audit_log').select(['action', 'allowed', 'detail']).where('action', '=', 'report.view').execute();
    expect(audit.filter((a) => !a.allowed).map((a) => a.detail)).toEqual(
      expect.arrayContaining(['refused: other_browser', 'refused: expired', 'refused: tampered', 'refused: not_allowed']),
    );
    expect(audit.some((a) => a.allowed)).toBe(true);
  });
});
