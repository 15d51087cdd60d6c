import { describe, expect, it } from 'vitest';
import { GOOGLE_CHECKS, GOOGLE_METHODS, googleFidelity, runCheck } from '../../../src/sandbox/google/conformance/index.ts';
import { loadSpecs } from '../../../src/sandbox/google/conformance/context.ts';
import { checkErrorBody, checkSchema } from '../../../src/sandbox/google/conformance/schema.ts';

const specs = loadSpecs();

describe('Google emulator conformance against the discovery documents (src/sandbox/google/spec)', () => {
  it.each(GOOGLE_CHECKS.map((c) => [c.method, c.name, c] as const))('%s: %s', async (_method, _name, check) => {
    expect((await runCheck(check, specs)).problems).toEqual([]);
  });

  it('every method the app calls has valid-call and error checks', () => {
    for (const method of GOOGLE_METHODS) expect(GOOGLE_CHECKS.filter((c) => c.method === method).length, method).toBeGreaterThanOrEqual(2);
  });

  it('the counts for `npm run bench -- fidelity` come from the same checks', async () => {
    const fidelity = await googleFidelity(specs);
    expect(fidelity).toMatchObject({ googleMethods: GOOGLE_METHODS.length, googleConforming: GOOGLE_METHODS.length });
  });
});

describe('the schema checker can fail', () => {
  it('flags a wrong type, a bad date-time, an enum outside the description and a missing required field; ignores unknown fields', () => {
    const event = { kind: 'calendar#event', etag: '"1"', id: 'x', status: 'confirmed', htmlLink: 'h', created: '2025-03-20T09:00:00Z', updated: 'yesterday', creator: {}, organizer: {}, start: { dateTime: '2025-03-20T09:00:00Z' }, end: {}, iCalUID: 'x@google.com', sequence: '1', reminders: {}, eventType: 'default', futureField: 1 };
    expect(checkSchema(specs.calendar, 'Event', event)).toEqual([
      '$.updated: "yesterday" is not an RFC 3339 date-time',
      '$.end: neither dateTime nor date',
      '$.sequence: expected an integer, got string',
    ]);
    const { eventType: _e, ...missing } = event;
    expect(checkSchema(specs.calendar, 'Event', { ...missing, updated: event.created, end: event.start, sequence: 1 })).toEqual(['$: required field eventType is missing']);
    expect(checkSchema(specs.directory, 'User', { kind: 'admin#directory#user', id: '1', etag: '"e"', primaryEmail: 'a@b', name: {}, isAdmin: 'no', suspended: false, orgUnitPath: '/', customerId: 'C', creationTime: '2025-01-01T00:00:00.000Z' })).toEqual(['$.isAdmin: expected a boolean, got string']);
  });

  it('flags an error body that is not Google’s shape', () => {
    expect(checkErrorBody(404, { error: { code: 404, message: 'Not Found', errors: [{ domain: 'global', reason: 'notFound', message: 'Not Found' }] } }, 'notFound')).toEqual([]);
    expect(checkErrorBody(404, { ok: false, error: 'not_found' }, 'notFound')).toHaveLength(1);
    expect(checkErrorBody(400, { error: { code: 404, message: '', errors: [] } }, 'invalid')).toHaveLength(4);
  });
});
