/**
 * Checks a JSON answer against a Google discovery document's schema: every field the description
 * knows must have its type (string formats date-time/date/int64 included, and enums); a field the
 * (older) description lacks is not a problem. Discovery documents mark no response field as
 * required, so the fields Google's reference always returns are listed here, per resource.
 */
export interface DiscoverySchema {
  id?: string;
  type?: string;
  $ref?: string;
  format?: string;
  enum?: string[];
  properties?: Record<string, DiscoverySchema>;
  additionalProperties?: DiscoverySchema;
  items?: DiscoverySchema;
  annotations?: { required?: string[] };
}

export interface DiscoveryParameter {
  type: string;
  location: 'query' | 'path';
  enum?: string[];
  minimum?: string;
  maximum?: string;
  required?: boolean;
  repeated?: boolean;
}

export interface DiscoveryMethod {
  id: string;
  path: string;
  httpMethod: string;
  parameters?: Record<string, DiscoveryParameter>;
  request?: { $ref: string };
  response?: { $ref: string };
}

export interface DiscoveryDocument {
  name: string;
  revision: string;
  servicePath: string;
  schemas: Record<string, DiscoverySchema>;
  resources: Record<string, { methods?: Record<string, DiscoveryMethod>; resources?: DiscoveryDocument['resources'] }>;
}

/** Fields the Calendar/Directory reference pages show on every answer of that resource. */
const ALWAYS_PRESENT: Record<string, string[]> = {
  Event: ['kind', 'etag', 'id', 'status', 'htmlLink', 'created', 'updated', 'creator', 'organizer', 'start', 'end', 'iCalUID', 'sequence', 'reminders', 'eventType'],
  Events: ['kind', 'etag', 'summary', 'updated', 'timeZone', 'accessRole', 'defaultReminders', 'items'],
  EventAttendee: ['email', 'responseStatus'],
  FreeBusyResponse: ['kind', 'timeMin', 'timeMax', 'calendars'],
  TimePeriod: ['start', 'end'],
  Users: ['kind', 'etag'],
  User: ['kind', 'id', 'etag', 'primaryEmail', 'name', 'isAdmin', 'suspended', 'orgUnitPath', 'customerId', 'creationTime'],
};
/** A cancelled event (incremental sync, showDeleted) may carry only these. */
const CANCELLED_EVENT = ['id', 'status'];

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A method of the document by its id, e.g. 'calendar.events.insert'. */
export function methodOf(doc: DiscoveryDocument, id: string): DiscoveryMethod {
  const walk = (resources: DiscoveryDocument['resources']): DiscoveryMethod | undefined => {
    for (const resource of Object.values(resources)) {
      const hit = Object.values(resource.methods ?? {}).find((m) => m.id === id) ?? (resource.resources ? walk(resource.resources) : undefined);
      if (hit) return hit;
    }
    return undefined;
  };
  const method = walk(doc.resources);
  if (!method) throw new Error(`${doc.name} has no method ${id}`);
  return method;
}

/** Problems with `value` as the schema `ref` describes it (empty when it conforms). */
export function checkSchema(doc: DiscoveryDocument, ref: string, value: unknown, path = '$'): string[] {
  const schema = doc.schemas[ref];
  if (!schema) return [`${path}: the description has no schema ${ref}`];
  return check(doc, { ...schema, id: ref }, value, path);
}

function check(doc: DiscoveryDocument, schema: DiscoverySchema, value: unknown, path: string): string[] {
  if (schema.$ref) return checkSchema(doc, schema.$ref, value, path);
  const problems: string[] = [];
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string') return [`${path}: expected a string, got ${describe(value)}`];
      if (schema.format === 'date-time' && !RFC3339.test(value)) problems.push(`${path}: "${value}" is not an RFC 3339 date-time`);
      if (schema.format === 'date' && !DATE.test(value)) problems.push(`${path}: "${value}" is not a date`);
      if ((schema.format === 'int64' || schema.format === 'uint64') && !/^-?\d+$/.test(value)) problems.push(`${path}: "${value}" is not an int64 string`);
      if (schema.enum && !schema.enum.includes(value)) problems.push(`${path}: "${value}" is not one of ${schema.enum.join(', ')}`);
      return problems;
    case 'integer':
      return Number.isInteger(value) ? [] : [`${path}: expected an integer, got ${describe(value)}`];
    case 'number':
      return typeof value === 'number' ? [] : [`${path}: expected a number, got ${describe(value)}`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${path}: expected a boolean, got ${describe(value)}`];
    case 'array':
      if (!Array.isArray(value)) return [`${path}: expected an array, got ${describe(value)}`];
      return value.flatMap((item, i) => (schema.items ? check(doc, schema.items, item, `${path}[${i}]`) : []));
    case 'object':
      return checkObject(doc, schema, value, path);
    default:
      return []; // 'any' or untyped
  }
}

function checkObject(doc: DiscoveryDocument, schema: DiscoverySchema, value: unknown, path: string): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${path}: expected an object, got ${describe(value)}`];
  const record = value as Record<string, unknown>;
  const problems: string[] = [];
  const cancelled = schema.id === 'Event' && record['status'] === 'cancelled';
  for (const field of (cancelled ? CANCELLED_EVENT : ALWAYS_PRESENT[schema.id ?? '']) ?? []) {
    if (record[field] === undefined) problems.push(`${path}: required field ${field} is missing`);
  }
  if (schema.id === 'EventDateTime' && record['dateTime'] === undefined && record['date'] === undefined) problems.push(`${path}: neither dateTime nor date`);
  for (const [key, item] of Object.entries(record)) {
    const described = schema.properties?.[key] ?? schema.additionalProperties;
    if (described && item !== null) problems.push(...check(doc, described, item, `${path}.${key}`));
  }
  return problems;
}

/** Google's error body: `{ error: { code, message, errors: [{ domain, reason, message }] } }` with code = HTTP status. */
export function checkErrorBody(status: number, body: unknown, reason: string): string[] {
  const error = (body as { error?: Record<string, unknown> } | undefined)?.error;
  if (typeof error !== 'object' || error === null) return [`not Google's error shape: ${JSON.stringify(body)}`];
  const problems: string[] = [];
  if (error['code'] !== status) problems.push(`error.code ${String(error['code'])} differs from HTTP ${status}`);
  if (typeof error['message'] !== 'string' || error['message'] === '') problems.push('error.message missing');
  const first = Array.isArray(error['errors']) ? (error['errors'][0] as Record<string, unknown> | undefined) : undefined;
  if (!first || typeof first['domain'] !== 'string' || typeof first['message'] !== 'string') problems.push('error.errors[0] lacks domain or message');
  if (first?.['reason'] !== reason) problems.push(`reason ${String(first?.['reason'])}, Google answers ${reason}`);
  return problems;
}

function describe(value: unknown): string {
  return Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value;
}
