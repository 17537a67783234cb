import { TEXT_PATTERN } from '@plenum/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './errors.ts';

/**
 * What every request schema must say, checked when a route is registered, so that a route with an
 * unchecked input cannot exist (the app does not start):
 *
 * - a string is a uuid, date or date-time, a fixed value (enum, const), an ASCII-only pattern, or
 *   free text with `TEXT_PATTERN` (no NUL, no unpaired surrogate) and a maximum length;
 * - a number is an integer with a finite minimum and maximum;
 * - an object names its fields and refuses others (no free-form records, no `unknown`);
 * - an array has a maximum length.
 *
 * Header schemas may leave other headers open. Routes without a schema for a part ignore it.
 */
const SAFE_FORMATS = new Set(['uuid', 'date', 'date-time']);
/** `^…$` built only from ASCII literals and ASCII classes without negation, e.g. `^[0-9a-f]{64}$`. */
const ASCII_PATTERN = /^\^(?:\[[A-Za-z0-9._-]+\](?:\{\d+(?:,\d+)?\}|[+*?])?|[A-Za-z0-9_-])+\$$/;
const PARTS = ['body', 'querystring', 'params', 'headers'] as const;

type Schema = Record<string, unknown>;

export function requestSchemaProblems(schema: unknown, path: string, openObject = false): string[] {
  if (schema === null || typeof schema !== 'object') return [`${path}: not a schema`];
  const s = schema as Schema;
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const branches = s[key];
    if (Array.isArray(branches)) return branches.flatMap((b, i) => requestSchemaProblems(b, `${path}|${i}`));
  }
  if ('const' in s || Array.isArray(s.enum)) return [];
  switch (s.type) {
    case 'boolean':
    case 'null':
      return [];
    case 'string':
      if (typeof s.format === 'string' && SAFE_FORMATS.has(s.format)) return [];
      if (s.pattern === TEXT_PATTERN) {
        return typeof s.maxLength === 'number' ? [] : [`${path}: free text without maxLength`];
      }
      if (typeof s.pattern === 'string' && ASCII_PATTERN.test(s.pattern)) return [];
      return [`${path}: string without TEXT_PATTERN (use Text() from @plenum/contracts)`];
    case 'integer':
    case 'number': {
      const bounded = Number.isFinite(s.minimum) && Number.isFinite(s.maximum);
      return [
        ...(s.type === 'integer' ? [] : [`${path}: a number must be an integer`]),
        ...(bounded ? [] : [`${path}: a number needs a minimum and a maximum (use Int())`]),
      ];
    }
    case 'array': {
      const problems = requestSchemaProblems(s.items, `${path}[]`);
      return typeof s.maxItems === 'number' ? problems : [`${path}: array without maxItems`, ...problems];
    }
    case 'object': {
      const problems: string[] = [];
      if ('patternProperties' in s) problems.push(`${path}: free-form keys (a record)`);
      if (!openObject && s.additionalProperties !== false)
        problems.push(`${path}: unknown fields not refused`);
      const properties = (s.properties ?? {}) as Record<string, unknown>;
      for (const [name, child] of Object.entries(properties)) {
        problems.push(...requestSchemaProblems(child, `${path}.${name}`));
      }
      return problems;
    }
    default:
      return [`${path}: no type (unchecked input)`];
  }
}

/**
 * A coerced query value or JSON number that is not finite ("Infinity", 1e400): Ajv's coercion
 * turns the string into Infinity and its minimum/maximum checks skip non-finite numbers, so this
 * is checked after validation for every part a route validates.
 */
function nonFinite(value: unknown, path: string): string | null {
  const stack: [unknown, string][] = [[value, path]];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [v, p] = item;
    if (typeof v === 'number' && !Number.isFinite(v)) return p;
    if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) stack.push([child, `${p}/${k}`]);
    }
  }
  return null;
}

async function refuseNonFinite(request: FastifyRequest): Promise<void> {
  const schema = request.routeOptions.schema;
  if (!schema) return;
  const parts = [
    ['querystring', schema.querystring, request.query],
    ['params', schema.params, request.params],
    ['body', schema.body, request.body],
  ] as const;
  for (const [name, partSchema, value] of parts) {
    if (partSchema === undefined) continue;
    const at = nonFinite(value, '');
    if (at !== null) {
      const field = at.slice(1).replaceAll('/', '.');
      throw new ApiError(
        400,
        'request.invalid',
        `Invalid ${name}: ${field || 'the value'} must be a finite number.`,
        {
          in: name,
          field,
          issues: [{ path: at, message: 'must be a finite number' }],
        },
      );
    }
  }
}

/** Registers the schema rules (checked per route at registration) and the finite-number guard. */
export function registerInputRules(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const schema = route.schema as Record<string, unknown> | undefined;
    if (!schema) return;
    const problems = PARTS.flatMap((part) =>
      schema[part] === undefined ? [] : requestSchemaProblems(schema[part], part, part === 'headers'),
    );
    if (problems.length > 0) {
      const methods = [route.method].flat().join(',');
      throw new Error(`Route ${methods} ${route.url} has unchecked input:\n  ${problems.join('\n  ')}`);
    }
  });
  app.addHook('preHandler', refuseNonFinite);
}
