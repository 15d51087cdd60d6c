/**
 * Whether a value from a request can be a row id. Anything else names nothing we hold: a forged or
 * mangled payload is answered as "no such thing" before a query would fail on it (Postgres rejects
 * a malformed uuid with an error, which would end the request in a 500 that Slack shows as an error).
 */
export const isUuid = (value: unknown): value is string =>
  typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
