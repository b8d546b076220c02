// Schema-driven HTTP fuzzing of both servers (issue 15: no 500 on any input). Inputs derive from the zod
// schemas a route declares (`input` of a route in either app's route tables, server-kit route.ts): valid values, valid values
// with one part made hostile, and hostile values alone; each is sent over real HTTP and a 5xx fails.
import fc from 'fast-check';
import { z } from 'zod';
import type { RouteInput } from '@scrutin/server-kit/route.js';

/** Requests per route and session kind; CI keeps the default, a deeper local run sets SCRUTIN_FUZZ_RUNS=500. */
export const FUZZ_RUNS = Number(process.env.SCRUTIN_FUZZ_RUNS ?? 10);

export type FuzzRoute = { method: string; path: string; input?: RouteInput | undefined; rawBody?: boolean | undefined };
/** A signed-in caller: the session cookie and its CSRF token. */
export type FuzzSession = { cookie: string; csrfToken: string };

type Body = { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'text'; text: string; contentType: string | null } | { kind: 'bytes'; bytes: Uint8Array };
export type FuzzRequest = { path: string; query: [string, string][]; body: Body; csrf: 'valid' | 'missing' | 'wrong' };

const deep = (n: number, open: string, close: string, leaf = '1') => open.repeat(n) + leaf + close.repeat(n);

const HOSTILE_STRINGS = [
  '\u0000',
  'Du\u0000pont',
  "' OR '1'='1",
  "'; DROP TABLE voter; --",
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  "=cmd|' /C calc'!A0",
  '\uD800',
  '\u202Egnp.exe',
  'É'.normalize('NFD'),
  '𝓢𝓬𝓻𝓾𝓽𝓲𝓷',
  '',
  ' ',
  'NaN',
  '-1',
  '1e309',
  '9'.repeat(400),
  '%00',
  '%',
  '${7*7}',
  '__proto__',
  'x'.repeat(70_000),
];

/** A value no schema expects: hostile text, numbers at the edges, wrong types. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  // NUL first among equals: PostgreSQL refuses it in text (22021), the commonest 500 of issue 15.
  fc.string({ maxLength: 8 }).map((s) => `${s}\u0000${s}`),
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.constantFrom(null, true, false, 0, -1, -0, 1.5, 2 ** 31, 2 ** 53, -(2 ** 63), 1e308, [], {}, [null], { __proto__: { admin: true } }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.jsonValue({ maxDepth: 3 }),
);

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
};

function stringFrom(s: JsonSchema): fc.Arbitrary<string> {
  if (s.format === 'date') return fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  if (s.format === 'date-time') return fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
  if (s.format === 'uuid') return fc.uuid();
  if (s.format === 'email') return fc.emailAddress();
  if (s.pattern) return fc.stringMatching(new RegExp(s.pattern)).filter((x) => x.length <= (s.maxLength ?? Infinity));
  const min = s.minLength ?? 0;
  return fc.string({ minLength: min, maxLength: Math.min(s.maxLength ?? min + 30, min + 30), unit: fc.oneof(fc.constant('a'), fc.string({ minLength: 1, maxLength: 1 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })) });
}

function numberFrom(s: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const low = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + (integer ? 1 : 0) : -1e6);
  const high = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - (integer ? 1 : 0) : 1e6);
  const edges = fc.constantFrom(low, high);
  if (!integer) return fc.oneof(edges, fc.double({ min: low, max: high, noNaN: true, noDefaultInfinity: true }));
  // Small values find the rows a fixture created; the edges test the bounds.
  return fc.oneof(edges, fc.integer({ min: Math.max(low, -1000), max: Math.min(high, 1000) }).filter((n) => n >= low && n <= high));
}

/** Values that satisfy a JSON Schema (as zod's toJSONSchema writes them), most of the time: enough to get past parsing. */
function fromJsonSchema(s: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 6) return fc.constant(null);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const union = s.anyOf ?? s.oneOf;
  if (union?.length) return fc.oneof(...union.map((u) => fromJsonSchema(u, depth + 1)));
  if (s.allOf?.length) return fromJsonSchema(s.allOf[0]!, depth + 1);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string':
      return stringFrom(s);
    case 'integer':
      return numberFrom(s, true);
    case 'number':
      return numberFrom(s, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const min = s.minItems ?? 0;
      return fc.array(s.items ? fromJsonSchema(s.items, depth + 1) : fc.jsonValue({ maxDepth: 2 }), { minLength: min, maxLength: Math.min(s.maxItems ?? min + 4, min + 4) });
    }
    case 'object': {
      const properties = s.properties ?? {};
      if (Object.keys(properties).length === 0) return fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 });
      const arbitraries = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, fromJsonSchema(v, depth + 1)]));
      return fc.record(arbitraries, { requiredKeys: (s.required ?? []).filter((k) => k in properties) });
    }
    default:
      return fc.jsonValue({ maxDepth: 3 });
  }
}

/** Every path to a value inside `value` (object keys and array indexes), the root included as []. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const inner = Array.isArray(value) ? value.flatMap((v, i) => paths(v, [...prefix, i])) : value && typeof value === 'object' ? Object.entries(value).flatMap(([k, v]) => paths(v, [...prefix, k])) : [];
  return [prefix, ...inner];
}

/** `value` with the part at one of its paths replaced by `replacement` (or wrapped in an array, the repeated-parameter shape). */
function mutate(value: unknown, replacement: unknown, pick: number, wrap: boolean): unknown {
  const all = paths(value);
  const path = all[pick % all.length]!;
  if (path.length === 0) return wrap ? [value] : replacement;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent = copy;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  parent[last] = wrap ? [parent[last], parent[last]] : replacement;
  return copy;
}

/** Valid values from `schema` (or anything when there is none), the same with one part hostile, and hostile values alone. */
function valuesFor(schema: z.ZodType | undefined): fc.Arbitrary<unknown> {
  const valid = schema ? fromJsonSchema(z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as JsonSchema) : fc.jsonValue({ maxDepth: 2 });
  const mutated = fc.tuple(valid, hostileValue, fc.nat(), fc.boolean()).map(([v, h, n, w]) => mutate(v, h, n, w));
  return fc.oneof({ arbitrary: valid, weight: 3 }, { arbitrary: mutated, weight: 4 }, { arbitrary: hostileValue, weight: 1 });
}

const asText = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));

/**
 * Query parameters for the declared query schema: each declared name absent, once with a valid value,
 * repeated (Express then hands the handler an array), or with hostile text; plus, now and then, an unknown name.
 */
function queryArbitrary(schema: z.ZodType | undefined): fc.Arbitrary<[string, string][]> {
  const json = schema ? (z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as JsonSchema) : {};
  const names = Object.entries(json.properties ?? {}).map(([name, property]) => {
    const valid = fromJsonSchema(property).map(asText);
    return fc.option(
      fc.oneof(
        valid.map((v): [string, string][] => [[name, v]]),
        fc.tuple(valid, valid).map(([a, b]): [string, string][] => [[name, a], [name, b]]),
        fc.constantFrom(...HOSTILE_STRINGS.slice(0, 21)).map((h): [string, string][] => [[name, h]]),
      ),
      { nil: [] },
    );
  });
  const unknown = fc.array(fc.tuple(fc.constantFrom('limit', 'after', 'format', 'q', 'a[b]'), fc.constantFrom(...HOSTILE_STRINGS.slice(0, 21))), { maxLength: 2 });
  return fc.tuple(fc.tuple(...names), unknown).map(([declared, extra]) => [...declared.flat(), ...extra]);
}

const rawBodies: fc.Arbitrary<Body> = fc.oneof(
  fc.constantFrom<Body>(
    { kind: 'text', text: deep(100_000, '[', ']'), contentType: 'application/json' },
    { kind: 'text', text: deep(100_000, '{"a":', '}'), contentType: 'application/json' },
    { kind: 'text', text: deep(65, '[', ']'), contentType: 'application/json' },
    { kind: 'text', text: '{"login":"a\\u0000b","password":"x"}', contentType: 'application/json' },
    { kind: 'text', text: '{', contentType: 'application/json' },
    { kind: 'text', text: '', contentType: 'application/json' },
    { kind: 'text', text: '"\u0000"', contentType: 'application/json' },
    { kind: 'text', text: '{"a":1}', contentType: 'application/json; charset=latin1' },
    { kind: 'text', text: '{"a":1}', contentType: 'text/plain' },
    { kind: 'text', text: '%PDF-1.7\n' + 'x'.repeat(200), contentType: 'application/pdf' },
    { kind: 'text', text: 'numero;nom\n1;Du\u0000pont\n', contentType: 'text/csv' },
    { kind: 'text', text: 'x'.repeat(3 * 1024 * 1024), contentType: 'application/json' },
  ),
  fc.uint8Array({ maxLength: 300 }).map((bytes): Body => ({ kind: 'bytes', bytes })),
  fc.string({ unit: 'binary', maxLength: 200 }).map((text): Body => ({ kind: 'text', text, contentType: null })),
);

/** Requests for one route: its declared query, path parameters and body, hostile variants, CSRF header present, absent or wrong. */
export function requestArbitrary(route: FuzzRoute): fc.Arbitrary<FuzzRequest> {
  const paramNames = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const params = paramNames.length ? valuesFor(route.input?.params) : fc.constant({});
  const query = queryArbitrary(route.input?.query);
  const json = valuesFor(route.input?.body).map((value): Body => ({ kind: 'json', value }));
  const body: fc.Arbitrary<Body> = route.method === 'get' ? fc.constant({ kind: 'none' }) : route.rawBody ? rawBodies : fc.oneof({ arbitrary: json, weight: 5 }, { arbitrary: rawBodies, weight: 2 });
  return fc.record({ params, query, body, csrf: fc.constantFrom('valid' as const, 'valid' as const, 'missing' as const, 'wrong' as const) }).map(({ params: p, query: q, body: b, csrf }) => {
    const values = p && typeof p === 'object' && !Array.isArray(p) ? (p as Record<string, unknown>) : {};
    const path = route.path.replace(/:(\w+)/g, (_m, name: string) => {
      const v = values[name] ?? p;
      // Raw, not encoded: « % » and « %00 » reach Express's decoding of parameters as they are.
      return asText(v).replace(/[/?#\s]/g, '_') || '_';
    });
    return { path, query: q, body: b, csrf };
  });
}

/** Sends one fuzzed request; the status and the start of the answer. Event streams are closed once their headers arrive. */
export async function send(baseUrl: string, method: string, request: FuzzRequest, session: FuzzSession | null): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = {};
  if (session) headers.Cookie = session.cookie;
  if (session && request.csrf !== 'missing') headers['X-CSRF-Token'] = request.csrf === 'valid' ? session.csrfToken : 'faux-jeton';
  let body: string | Uint8Array | undefined;
  const b = request.body;
  if (b.kind === 'json') {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(b.value) ?? 'null';
  } else if (b.kind === 'text') {
    if (b.contentType) headers['Content-Type'] = b.contentType;
    body = b.text;
  } else if (b.kind === 'bytes') {
    headers['Content-Type'] = 'application/octet-stream';
    body = b.bytes;
  }
  const search = new URLSearchParams(request.query).toString();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 30_000);
  try {
    const res = await fetch(`${baseUrl}${request.path}${search ? '?' + search : ''}`, { method: method.toUpperCase(), headers, body: body as RequestInit['body'], signal: controller.signal });
    if (res.headers.get('content-type')?.startsWith('text/event-stream')) {
      await res.body?.cancel();
      return { status: res.status, text: '' };
    }
    return { status: res.status, text: (await res.text()).slice(0, 500) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Fuzzes one route with `runs` requests for `session` (null: anonymous) and fails with the request and
 * the answer on the first 5xx (fast-check then shrinks it to a small counterexample).
 */
export async function fuzzRoute(baseUrl: string, route: FuzzRoute, session: FuzzSession | null, runs = FUZZ_RUNS): Promise<void> {
  await fc.assert(
    fc.asyncProperty(requestArbitrary(route), async (request) => {
      const answer = await send(baseUrl, route.method, request, session);
      if (answer.status >= 500) {
        const shown = request.body.kind === 'json' ? (JSON.stringify(request.body.value) ?? '').slice(0, 300) : request.body.kind === 'text' ? request.body.text.slice(0, 100) : request.body.kind;
        throw new Error(`${route.method.toUpperCase()} ${request.path}?${new URLSearchParams(request.query).toString().slice(0, 200)} ${shown} → ${answer.status} ${answer.text}`);
      }
    }),
    { numRuns: runs, endOnFailure: process.env.CI === 'true' },
  );
}
