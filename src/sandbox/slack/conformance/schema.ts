/**
 * Enough of JSON Schema (draft 4, as Slack's OpenAPI 2.0 description uses it) to check an answer:
 * $ref, type, required, properties, items (list or tuple), enum, pattern, minItems, allOf/anyOf/oneOf.
 * additionalProperties is ignored on purpose: the description is from 2021, and a field Slack added
 * since (message metadata, view fields) is not a failure. A required field we omit is.
 */
export type Schema = Record<string, unknown>;

export function schemaProblems(schema: Schema, value: unknown, root: Schema, at = ''): string[] {
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    const target = resolve(root, ref);
    return target ? schemaProblems(target, value, root, at) : [`${at || '/'}: unresolved ${ref}`];
  }
  const problems: string[] = [];
  const here = at || '/';
  const types = schema.type === undefined ? undefined : ([] as string[]).concat(schema.type as string | string[]);
  if (types && !types.some((t) => isType(t, value))) return [`${here}: expected ${types.join('|')}, got ${describe(value)}`];
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => e === value)) problems.push(`${here}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if (typeof schema.pattern === 'string' && typeof value === 'string' && !new RegExp(schema.pattern).test(value)) problems.push(`${here}: "${value}" does not match ${schema.pattern}`);
  if (isObject(value)) {
    for (const key of (schema.required as string[] | undefined) ?? []) if (!(key in value)) problems.push(`${here}: required field "${key}" is missing`);
    const props = (schema.properties as Record<string, Schema> | undefined) ?? {};
    for (const [key, sub] of Object.entries(props)) if (key in value) problems.push(...schemaProblems(sub, value[key], root, `${at}/${key}`));
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) problems.push(`${here}: fewer than ${schema.minItems} items`);
    const items = schema.items;
    if (Array.isArray(items)) {
      // Slack's description writes alternatives as a tuple; read it as "each item is one of these".
      value.forEach((v, i) => {
        if (!items.some((s) => schemaProblems(s as Schema, v, root).length === 0)) problems.push(`${at}/${i}: matches none of the listed item schemas`);
      });
    } else if (isObject(items)) {
      value.forEach((v, i) => problems.push(...schemaProblems(items, v, root, `${at}/${i}`)));
    }
  }
  for (const sub of (schema.allOf as Schema[] | undefined) ?? []) problems.push(...schemaProblems(sub, value, root, at));
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = schema[key] as Schema[] | undefined;
    if (options && !options.some((s) => schemaProblems(s, value, root, at).length === 0)) {
      const closest = options.map((s) => schemaProblems(s, value, root, at)).sort((a, b) => a.length - b.length)[0] ?? [];
      problems.push(`${here}: matches none of ${key} (closest: ${closest.slice(0, 3).join('; ')})`);
    }
  }
  return problems;
}

function resolve(root: Schema, ref: string): Schema | undefined {
  let node: unknown = root;
  for (const part of ref.replace(/^#\//, '').split('/')) node = isObject(node) ? node[part] : undefined;
  return isObject(node) ? node : undefined;
}

function isType(type: string, v: unknown): boolean {
  switch (type) {
    case 'string': return typeof v === 'string';
    case 'integer': return Number.isInteger(v);
    case 'number': return typeof v === 'number';
    case 'boolean': return typeof v === 'boolean';
    case 'null': return v === null;
    case 'array': return Array.isArray(v);
    case 'object': return isObject(v);
    default: return true;
  }
}

function describe(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Shape check against a documented example answer: the fields the example shows at the top level,
 * and inside each top-level object (a view, a user, a channel), must be there. Values and deeper
 * levels are illustrations (whose blocks, which profile images), not a contract, so they are not compared.
 */
export function exampleProblems(example: unknown, value: unknown, depth = 2, at = ''): string[] {
  if (depth === 0 || !isObject(example) || !isObject(value)) return [];
  return Object.entries(example).flatMap(([k, v]) => (k in value ? exampleProblems(v, value[k], depth - 1, `${at}/${k}`) : [`${at || '/'}: field "${k}" shown in Slack's example is missing`]));
}
