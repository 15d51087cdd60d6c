import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { matchMdgpCommand } from '../../src/cli/match-mdgp.ts';

const dir = mkdtempSync(join(tmpdir(), 'mdgp-cli-'));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

/** Run the command, capturing what it prints. */
async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => { out += String(chunk); return true; });
  const error = vi.spyOn(console, 'error').mockImplementation((...args) => { err += args.join(' '); });
  try {
    return { code: await matchMdgpCommand(argv), out, err };
  } finally {
    write.mockRestore();
    error.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('peerpods match --mdgp', () => {
  it('prints objective, groups and elapsedMs as JSON', async () => {
    const path = file('ok.txt', '4 2 ss 2 2 2 2\n0 1 1\n0 2 5\n0 3 1\n1 2 1\n1 3 5\n2 3 1\n');
    const { code, out } = await run(['--mdgp', path, '--time-limit', '0.2', '--seed', '3']);
    expect(code).toBe(0);
    const result = JSON.parse(out) as { objective: number; groups: number[][]; elapsedMs: number };
    expect(result.objective).toBe(10);
    expect(result.groups.map((g) => g.join(',')).sort()).toEqual(['0,2', '1,3']);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(0);
  });

  it('names the bad line and exits 1 for a malformed file', async () => {
    const path = file('bad.txt', '3 1 ss 3 3\n0 1 1\n0 2 x\n1 2 1\n');
    const { code, err } = await run(['--mdgp', path]);
    expect(code).toBe(1);
    expect(err).toMatch(/line 3: distance "x" is not a number/);
  });

  it('exits 1 for a missing file and 2 for bad flags', async () => {
    expect((await run(['--mdgp', join(dir, 'nope.txt')])).code).toBe(1);
    expect((await run(['--mdgp', 'x', '--time-limit', '-1'])).code).toBe(2);
    expect((await run(['--mdgp', 'x', '--bogus'])).code).toBe(2);
  });
});
