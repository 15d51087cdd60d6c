/**
 * Checks derived from the discovery documents themselves, so they grow with the description:
 * every query parameter with an enum or a numeric range gets an out-of-range value over raw HTTP
 * and must answer 400 invalidParameter naming it; every body field the Event schema marks
 * required for a method must answer 400 required when left out.
 */
import type { DiscoveryDocument, DiscoveryMethod } from './schema.ts';
import { methodOf } from './schema.ts';
import { fails, type Check, type CheckContext } from './context.ts';

/** Where each method is called over raw HTTP, and with what body. */
const CALLS: Record<string, { doc: 'calendar' | 'directory'; path: string; body?: unknown }> = {
  'calendar.events.insert': { doc: 'calendar', path: 'calendar/v3/calendars/primary/events', body: { summary: 'x', start: { dateTime: '2025-03-24T10:00:00Z' }, end: { dateTime: '2025-03-24T11:00:00Z' } } },
  'calendar.events.get': { doc: 'calendar', path: 'calendar/v3/calendars/primary/events/seeded0001' },
  'calendar.events.patch': { doc: 'calendar', path: 'calendar/v3/calendars/primary/events/seeded0001', body: {} },
  'calendar.events.delete': { doc: 'calendar', path: 'calendar/v3/calendars/primary/events/seeded0001' },
  'calendar.events.list': { doc: 'calendar', path: 'calendar/v3/calendars/primary/events' },
  'calendar.events.instances': { doc: 'calendar', path: 'calendar/v3/calendars/primary/events/seeded0001/instances' },
  'directory.users.list': { doc: 'directory', path: 'admin/directory/v1/users?customer=my_customer' },
};

/** Out-of-range values for a parameter the description constrains. */
function invalidValues(method: DiscoveryMethod): Array<{ name: string; value: string }> {
  const out: Array<{ name: string; value: string }> = [];
  for (const [name, parameter] of Object.entries(method.parameters ?? {})) {
    if (parameter.location !== 'query') continue;
    if (parameter.enum) out.push({ name, value: 'notAValue' });
    if (parameter.minimum !== undefined) out.push({ name, value: String(Number(parameter.minimum) - 1) });
    if (parameter.maximum !== undefined) out.push({ name, value: String(Number(parameter.maximum) + 1) });
  }
  return out;
}

async function seedFixture(c: CheckContext): Promise<void> {
  await c.as('org@acme.test').events.insert({
    calendarId: 'primary',
    requestBody: { id: 'seeded0001', start: { dateTime: '2025-03-24T10:00:00', timeZone: 'UTC' }, end: { dateTime: '2025-03-24T11:00:00', timeZone: 'UTC' }, recurrence: ['RRULE:FREQ=WEEKLY;COUNT=2'] },
  });
}

function parameterCheck(id: string): Check {
  return {
    method: id,
    name: 'out-of-range query parameters answer 400 invalidParameter (from the description)',
    run: async (c) => {
      await seedFixture(c);
      const call = CALLS[id]!;
      const spec: DiscoveryDocument = c.specs[call.doc];
      const method = methodOf(spec, id);
      const problems: string[] = [];
      for (const { name, value } of invalidValues(method)) {
        const joiner = call.path.includes('?') ? '&' : '?';
        const answer = await c.raw(method.httpMethod, `${call.path}${joiner}${name}=${encodeURIComponent(value)}`, call.body !== undefined ? { body: call.body } : {});
        problems.push(...fails(answer, 400, 'invalidParameter', `${name}=${value}`));
        const location = (answer.body as { error?: { errors?: Array<{ location?: string }> } } | undefined)?.error?.errors?.[0]?.location;
        if (answer.status === 400 && location !== name) problems.push(`${name}=${value}: error location ${String(location)}, expected ${name}`);
      }
      return problems;
    },
  };
}

/** Body fields the Event schema's annotations require for a method, each left out in turn. */
function requiredFieldCheck(id: string): Check {
  return {
    method: id,
    name: 'body fields the description requires answer 400 required when missing',
    run: async (c) => {
      const call = CALLS[id]!;
      const schema = c.specs.calendar.schemas['Event'];
      const required = Object.entries(schema?.properties ?? {}).filter(([, p]) => p.annotations?.required?.includes(id)).map(([name]) => name);
      const problems: string[] = required.length === 0 ? [`the description marks no required field for ${id}`] : [];
      for (const field of required) {
        const body = { ...(call.body as Record<string, unknown>) };
        delete body[field];
        problems.push(...fails(await c.raw('POST', call.path, { body }), 400, 'required', `without ${field}`));
      }
      return problems;
    },
  };
}

export const PARAMETER_CHECKS: Check[] = [...Object.keys(CALLS).map(parameterCheck), requiredFieldCheck('calendar.events.insert')];
