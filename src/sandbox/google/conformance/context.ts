/**
 * What a conformance check gets: a fresh Google emulator, the real googleapis clients acting as
 * a user, raw HTTP for what the client library would not send, the discovery documents, and
 * helpers that turn an answer into a list of problems (empty = conforms).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { google, type admin_directory_v1, type calendar_v3 } from 'googleapis';
import { startGoogleEmulator, type GoogleEmulator } from '../emulator.ts';
import { calendarAs } from '../attendee-client.ts';
import { checkErrorBody, checkSchema, type DiscoveryDocument } from './schema.ts';

export const SPEC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../spec');

export interface Specs {
  calendar: DiscoveryDocument;
  directory: DiscoveryDocument;
}

export function loadSpecs(dir = SPEC_DIR): Specs {
  const read = (file: string): DiscoveryDocument => JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as DiscoveryDocument;
  return { calendar: read('calendar-v3.json'), directory: read('admin-directory_v1.json') };
}

export interface RawAnswer {
  status: number;
  body: unknown;
}

export interface CheckContext {
  emulator: GoogleEmulator;
  specs: Specs;
  as(email: string): calendar_v3.Calendar;
  admin(): admin_directory_v1.Admin;
  /** One HTTP request to the emulator, token `sandbox:<as>` unless `token` is given ('' sends none). */
  raw(method: string, pathAndQuery: string, options?: { body?: unknown; as?: string; token?: string; headers?: Record<string, string> }): Promise<RawAnswer>;
}

/** A conformance check of one API method: resolves to the problems found. */
export interface Check {
  method: string;
  name: string;
  run(context: CheckContext): Promise<string[]>;
}

export async function withContext<T>(specs: Specs, run: (context: CheckContext) => Promise<T>): Promise<T> {
  const emulator = await startGoogleEmulator({ now: () => Date.parse('2025-03-20T09:00:00Z') });
  const context: CheckContext = {
    emulator,
    specs,
    as: (email) => calendarAs(emulator.rootUrl, email),
    admin: () => {
      const auth = new google.auth.OAuth2();
      auth.setCredentials({ access_token: 'sandbox:admin@acme.test', expiry_date: Date.now() + 3_600_000 });
      return google.admin({ version: 'directory_v1', rootUrl: emulator.rootUrl, auth, retry: false });
    },
    raw: async (method, pathAndQuery, options = {}) => {
      const token = options.token ?? `sandbox:${options.as ?? 'org@acme.test'}`;
      const response = await fetch(`${emulator.rootUrl}${pathAndQuery.replace(/^\//, '')}`, {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
    },
  };
  try {
    return await run(context);
  } finally {
    await emulator.close();
  }
}

/** The answer of a googleapis call, success or failure, as status and body. */
export async function answerOf(call: Promise<{ status: number; data: unknown }>): Promise<RawAnswer> {
  try {
    const response = await call;
    return { status: response.status, body: response.data };
  } catch (error) {
    const e = error as { response?: { status?: number; data?: unknown }; status?: number; message?: string };
    if (!e.response) throw error;
    return { status: e.response.status ?? e.status ?? 0, body: e.response.data };
  }
}

/** Problems unless the answer is a success whose body is the schema `ref`. */
export function conforms(doc: DiscoveryDocument, ref: string, answer: RawAnswer, label: string): string[] {
  if (answer.status < 200 || answer.status >= 300) return [`${label}: HTTP ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`];
  return checkSchema(doc, ref, answer.body).map((p) => `${label}: ${p}`);
}

/** Problems unless the answer is Google's error `status`/`reason` in Google's error shape. */
export function fails(answer: RawAnswer, status: number, reason: string, label: string): string[] {
  if (answer.status !== status) return [`${label}: HTTP ${answer.status}, Google answers ${status} ${reason}`];
  return checkErrorBody(status, answer.body, reason).map((p) => `${label}: ${p}`);
}

export function expectThat(condition: boolean, problem: string): string[] {
  return condition ? [] : [problem];
}
