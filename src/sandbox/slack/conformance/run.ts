/**
 * Conformance of the Slack emulator with Slack's published descriptions: for every method it
 * answers, a valid call must match the OpenAPI 2.0 success schema (src: slackapi/slack-api-specs,
 * 2021) and the answer Slack's method reference shows (slack-ruby/slack-api-ref, scraped from the
 * live docs in 2026), and every error the app can meet must come back as Slack documents it:
 * {"ok":false,"error":<code>} with a code listed for that method. Copies and licences: spec/README.md.
 */
import { readFileSync } from 'node:fs';
import { startSlackEmulator } from '../index.ts';
import { CASES, type Call, type Ctx } from './cases.ts';
import { exampleProblems, isObject, schemaProblems, type Schema } from './schema.ts';

const SPEC_DIR = new URL('./spec/', import.meta.url);
const load = (name: string) => JSON.parse(readFileSync(new URL(name, SPEC_DIR), 'utf8')) as Schema;

/** Codes Slack answers on any method (argument validation, auth, limits), beside each method's own list. */
const EVERY_METHOD = ['invalid_arguments', 'not_authed', 'invalid_auth', 'token_revoked', 'missing_scope', 'ratelimited'];

export interface MethodConformance {
  method: string;
  conforms: boolean;
  checks: number;
  problems: string[];
}

export async function checkSlackConformance(): Promise<{ methods: number; conforming: number; results: MethodConformance[] }> {
  const openapi = load('slack-web-openapi-v2.subset.json');
  const reference = (load('slack-method-reference.json').methods ?? {}) as Record<string, { errors: string[]; response_examples: string[] }>;
  const results: MethodConformance[] = [];
  for (const c of CASES) {
    const op = Object.values(((openapi.paths as Schema)[`/${c.method}`] ?? {}) as Record<string, Schema>)[0];
    const responses = (op?.responses ?? {}) as Record<string, { schema?: Schema }>;
    const ref = reference[c.method];
    const documented = new Set([...EVERY_METHOD, ...(ref?.errors ?? []), ...errorEnum(responses.default?.schema, openapi)]);
    const problems: string[] = [];
    let checks = 0;
    const valid = await scenario((ctx) => c.valid(ctx));
    checks++;
    if (valid.ok !== true) problems.push(`valid call answered ${JSON.stringify(valid).slice(0, 200)}`);
    else {
      const schema = responses['200']?.schema;
      if (schema) problems.push(...schemaProblems(schema, valid, openapi).filter((p) => !c.errata?.some((e) => p.startsWith(e))).map((p) => `success schema ${p}`));
      const example = ref?.response_examples.map((e) => safeParse(e)).find((e) => isObject(e) && e.ok === true);
      if (example) problems.push(...exampleProblems(example, valid).filter((p) => !c.optionalInExample?.some((o) => p.startsWith(o))).map((p) => `Slack's example ${p}`));
    }
    for (const [code, provoke] of Object.entries(c.errors)) {
      checks++;
      const answer = await scenario(provoke);
      if (!documented.has(code)) problems.push(`${code} is not a documented error of ${c.method}`);
      if (answer.ok !== false || answer.error !== code) problems.push(`expected error ${code}, got ${JSON.stringify(answer).slice(0, 200)}`);
    }
    results.push({ method: c.method, conforms: problems.length === 0, checks, problems });
  }
  return { methods: results.length, conforming: results.filter((r) => r.conforms).length, results };
}

/** Runs one scenario on a fresh emulator seeded with two people, a deactivated one and a user group. */
async function scenario(run: (ctx: Ctx) => Promise<Record<string, unknown>>): Promise<Record<string, unknown>> {
  let now = Date.UTC(2026, 2, 2, 9);
  const slack = await startSlackEmulator({ limitsDisabled: true, now: () => now });
  try {
    const ws = slack.workspace;
    const ann = ws.addUser({ name: 'ann', email: 'ann@example.com', tz: 'Europe/Berlin' }).id;
    const bo = ws.addUser({ name: 'bo', email: 'bo@example.com' }).id;
    const gone = ws.addUser({ name: 'gone', email: 'gone@example.com', deleted: true }).id;
    const group = ws.addUsergroup({ handle: 'design', name: 'Design', users: [ann, bo] }).id;
    const call: Call = async (method, args = {}, token = slack.botToken) => {
      const form = new URLSearchParams();
      for (const [k, v] of Object.entries(args)) form.set(k, typeof v === 'string' ? v : JSON.stringify(v));
      const response = await fetch(`${slack.apiUrl}${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: form,
      });
      return (await response.json()) as Record<string, unknown>;
    };
    return await run({ slack, call, ann, bo, gone, group, advance: (ms) => void (now += ms) });
  } catch (error) {
    return { ok: 'scenario failed', detail: String(error) };
  } finally {
    await slack.close();
  }
}

function errorEnum(schema: Schema | undefined, root: Schema): string[] {
  const error = (schema?.properties as Record<string, Schema> | undefined)?.error;
  void root;
  return Array.isArray(error?.enum) ? (error.enum as string[]) : [];
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
