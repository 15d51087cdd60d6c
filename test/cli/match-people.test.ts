import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { matchPeopleCommand } from '../../src/cli/match-people.ts';
import { generateOrg, peopleCsv } from '../support/org-generator.ts';

const dir = mkdtempSync(join(tmpdir(), 'match-people-'));
const file = (name: string, text: string): string => { const p = join(dir, name); writeFileSync(p, text); return p; };

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [], err: string[] = [];
  const log = vi.spyOn(process.stdout, 'write').mockImplementation(((x: unknown, cb?: unknown) => {
    out.push(String(x));
    if (typeof cb === 'function') cb();
    return true;
  }) as typeof process.stdout.write);
  const error = vi.spyOn(console, 'error').mockImplementation((x: unknown) => { err.push(String(x)); });
  try {
    return { code: await matchPeopleCommand(argv), out: out.join('\n'), err: err.join('\n') };
  } finally { log.mockRestore(); error.mockRestore(); }
}
afterEach(() => vi.restoreAllMocks());

describe('peerpods match --people', () => {
  const org = generateOrg(80, 3);
  const people = file('people.csv', peopleCsv(org.people));

  it('prints pods by email with score, breakdown and metrics, honouring history and exclusions', async () => {
    const [a, b] = [org.people[10]!.id, org.people[11]!.id];
    const history = file('history.csv', `email_a,email_b,met_on\n${a},${b},2025-02-01\n`);
    const exclusions = file('exclusions.csv', `email_a,email_b\n${org.people[12]!.id},${org.people[13]!.id}\n`);
    const r = await run(['--people', people, '--history', history, '--exclusions', exclusions, '--seed', '2', '--time-limit', '0.3', '--start', '2025-03-03', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { pods: { members: string[]; score: number; breakdown: object }[]; unplaced: { email: string; reason: string }[]; metrics: { people: number }; elapsedMs: number };
    expect(json.metrics.people).toBe(80);
    expect(json.pods.flatMap((p) => p.members).length + json.unplaced.length).toBe(80);
    expect(json.pods[0]!.members[0]).toMatch(/@example\.com$/);
    expect(typeof json.elapsedMs).toBe('number');
    for (const p of json.pods) expect(p.members.includes(org.people[12]!.id) && p.members.includes(org.people[13]!.id)).toBe(false);
  });

  it('reports ours and the zone-aware bounds, and lets the programme choose more, smaller pods', async () => {
    type M = { sameTeamPairs: number; sameTeamPairsLowerBound: number; allTeamsDistinctUpperBound: number; podsAllTeamsDistinct: number; stoppedBecause: string; pods: number; podSizes: string };
    const larger = JSON.parse((await run(['--people', people, '--seed', '1', '--time-limit', '0.5', '--start', '2025-03-03', '--json'])).out) as { metrics: M };
    const m = larger.metrics;
    expect(m.sameTeamPairs).toBeGreaterThanOrEqual(m.sameTeamPairsLowerBound);
    expect(m.podsAllTeamsDistinct).toBeLessThanOrEqual(m.allTeamsDistinctUpperBound);
    expect(['bound-reached', 'time-limit', 'no-improvement']).toContain(m.stoppedBecause);
    const smaller = JSON.parse((await run(['--people', people, '--pod-sizes', 'smaller', '--time-limit', '0.5', '--start', '2025-03-03', '--json'])).out) as { metrics: M };
    expect(smaller.metrics.podSizes).toBe('smaller');
    expect(smaller.metrics.pods).toBeGreaterThan(m.pods);
    const text = await run(['--people', people, '--time-limit', '0.3', '--start', '2025-03-03']);
    expect(text.out).toMatch(/cross-team pairs: \d+, best possible \d+ \(same-team pairs \d+, bound \d+, gap/);
    expect((await run(['--people', people, '--pod-sizes', 'huge'])).code).toBe(2);
  });

  it('names the line and column of a bad value and exits non-zero', async () => {
    const bad = file('bad.csv', 'email,name,team,department,manager_email,location,timezone,title\na@x.com,A,t1,d,,L,Europe/London,\nb@x.com,B,t2,d,,L,Mars/Base,\n');
    const r = await run(['--people', bad, '--json']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('line 3, column "timezone": not an IANA time zone');
  });

  it('reports a missing column, a bad email, a bad date and a bad flag', async () => {
    expect((await run(['--people', file('nocol.csv', 'email,name\na@x.com,A\n')])).err).toContain('column "team": missing column');
    expect((await run(['--people', file('email.csv', 'email,team,timezone\nnot-an-email,t,Europe/London\n')])).err).toMatch(/line 2, column "email"/);
    const hist = file('h.csv', 'email_a,email_b,met_on\na@x.com,b@x.com,yesterday\n');
    const r = await run(['--people', people, '--history', hist]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/h\.csv, line 2, column "met_on"/);
    expect((await run(['--people', people, '--pod-size', 'four'])).code).toBe(2);
    expect((await run(['--people', join(dir, 'missing.csv')])).err).toContain('cannot read the file');
  });
});
