import { describe, expect, it } from 'vitest';
import { checkSlackConformance } from '../../../src/sandbox/slack/conformance/run.ts';
import { CASES } from '../../../src/sandbox/slack/conformance/cases.ts';
import { exampleProblems, schemaProblems } from '../../../src/sandbox/slack/conformance/schema.ts';
import { METHODS } from '../../../src/sandbox/slack/methods/index.ts';

describe("Slack emulator conformance with Slack's published descriptions", () => {
  it('every method the emulator answers is checked, with at least one documented error', () => {
    expect(CASES.map((c) => c.method).sort()).toEqual(Object.keys(METHODS).sort());
    for (const c of CASES) expect(Object.keys(c.errors).length, c.method).toBeGreaterThan(0);
  });

  it('every method conforms: valid answers match the success schema and example, errors come back as documented', async () => {
    const report = await checkSlackConformance();
    const differing = report.results.filter((r) => !r.conforms).map((r) => `${r.method}: ${r.problems.join('; ')}`);
    expect(differing).toEqual([]);
    expect(report).toMatchObject({ methods: CASES.length, conforming: CASES.length });
  }, 60_000);

  it('the checks can fail: a missing required field, a wrong type, a missing example field', () => {
    const root = { definitions: { ts: { type: 'string', pattern: '^\\d{10}\\.\\d{6}$' } } };
    const schema = { type: 'object', required: ['ok', 'ts'], properties: { ok: { type: 'boolean' }, ts: { $ref: '#/definitions/ts' } } };
    expect(schemaProblems(schema, { ok: true, ts: '1700000000.000100' }, root)).toEqual([]);
    expect(schemaProblems(schema, { ok: true }, root)).toEqual(['/: required field "ts" is missing']);
    expect(schemaProblems(schema, { ok: 'yes', ts: '17' }, root)).toEqual(['/ok: expected boolean, got string', '/ts: "17" does not match ^\\d{10}\\.\\d{6}$']);
    expect(exampleProblems({ ok: true, view: { id: 'V1', hash: 'h' } }, { ok: true, view: { id: 'V2' } })).toEqual(['/view: field "hash" shown in Slack\'s example is missing']);
  });
});
