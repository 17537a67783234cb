import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../apps/api/src/app.ts';
import { systemRandom } from '../../apps/api/src/deps.ts';
import { createLogger } from '../../apps/api/src/logger.ts';
import { issueAccessCodes } from '../../apps/api/src/modules/auth/access-codes.service.ts';
import { createStaffUser } from '../../apps/api/src/modules/auth/staff-users.service.ts';
import { grantProxy } from '../../apps/api/src/modules/proxies/proxies.service.ts';
import { testConfig } from '../../apps/api/test/support/app.ts';
import { testClock } from '../../apps/api/test/support/clock.ts';
import {
  addOffice,
  chair,
  newAssembly,
  openItemPoll,
  seedMembers,
  serviceContext,
} from '../../apps/api/test/support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../../apps/api/test/support/test-db.ts';

/*
 * The table of routes and roles in the security documentation, enforced as written: every route
 * is called as every kind of caller (with real logins against a listening server), and a "no"
 * must be refused by authentication or the role check, a "yes" must get past them.
 */

const TABLE = join(dirname(fileURLToPath(import.meta.url)), '../../docs/SECURITY.md');
const ROLES = [
  'anonymous',
  'member',
  'proxy holder',
  'excluded member',
  'member of another assembly',
  'desk',
  'chair',
  'auditor',
  'admin',
] as const;
type Role = (typeof ROLES)[number];
const REFUSALS = new Set(['auth.required', 'auth.forbidden', 'assembly.access_denied']);
const PASSWORD = 'route-roles-password';

interface Row {
  method: string;
  path: string;
  allowed: Record<Role, boolean>;
}

/** The rows of the "Who may call what" table, read from the markdown as written. */
function parseTable(markdown: string): Row[] {
  const start = markdown.indexOf('## Who may call what');
  expect(start).toBeGreaterThanOrEqual(0);
  const next = markdown.indexOf('\n## ', start + 1);
  const section = markdown.slice(start, next < 0 ? undefined : next);
  const lines = section.split('\n').filter((l) => l.startsWith('|'));
  const cells = (line: string) =>
    line
      .slice(1, -1)
      .split('|')
      .map((c) => c.trim());
  const header = cells(lines[0] ?? '');
  expect(header.slice(0, 2)).toEqual(['Method', 'Path']);
  expect(header.slice(2, 2 + ROLES.length)).toEqual([...ROLES]);
  return lines.slice(2).map((line) => {
    const [method = '', path = '', ...rest] = cells(line);
    const allowed = {} as Record<Role, boolean>;
    ROLES.forEach((role, i) => {
      const value = rest[i];
      if (value !== 'yes' && value !== 'no') throw new Error(`${method} ${path}: "${value}" for ${role}`);
      allowed[role] = value === 'yes';
    });
    return { method, path: path.replaceAll('`', ''), allowed };
  });
}

let database: TestDatabase;
let app: Awaited<ReturnType<typeof buildApp>>;
let baseUrl: string;
const tokens = new Map<Role, string | undefined>();
const params: Record<string, string> = {};

async function post(path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** One call; an answer of 500 or more (a loaded database, say) is tried again twice. */
async function call(method: string, path: string, token: string | undefined) {
  let result = await callOnce(method, path, token);
  for (let retry = 0; retry < 2 && result.status >= 500; retry++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    result = await callOnce(method, path, token);
  }
  return result;
}

async function callOnce(method: string, path: string, token: string | undefined) {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const withBody = method !== 'GET' && method !== 'DELETE';
  if (withBody) headers['content-type'] = 'application/json';
  const res = await fetch(`${baseUrl}${path}`, { method, headers, ...(withBody ? { body: '{}' } : {}) });
  let code: string | undefined;
  if ((res.headers.get('content-type') ?? '').includes('application/json')) {
    code = ((await res.json()) as { error?: { code?: string } }).error?.code;
  } else {
    // CSV, PDF, HTML or an event stream that never ends by itself: the status is enough.
    await res.body?.cancel();
  }
  return { status: res.status, code };
}

beforeAll(async () => {
  database = await createTestDatabase();
  const clock = testClock();
  const ctx = serviceContext(database, clock);
  const [member, holder, principal, excluded, stranger] = (await seedMembers(database, 5)) as [
    string,
    string,
    string,
    string,
    string,
  ];
  const assemblyId = await newAssembly(ctx);
  const otherAssemblyId = await newAssembly(ctx);
  // The excluded member sat on the supervisory board: barred from its discharge (§43(6) GenG).
  await addOffice(database, excluded, 'supervisory_board', '2021-01-01');
  const pollId = await openItemPoll(ctx, assemblyId, 'discharge_supervisory_board', {
    discharge: { mode: 'collective', period: { from: '2025-01-01', to: '2025-12-31' } },
  });
  const grant = await grantProxy(
    ctx,
    assemblyId,
    { principalId: principal, holderMemberId: holder, form: 'text', documentHash: 'a'.repeat(64) },
    chair,
  );
  const item = await database.db
    .selectFrom('polls')
    .select('agenda_item_id')
    .where('id', '=', pollId)
    .executeTakeFirstOrThrow();
  const { code: assemblyCode } = await database.db
    .selectFrom('assemblies')
    .select('code')
    .where('id', '=', assemblyId)
    .executeTakeFirstOrThrow();
  Object.assign(params, {
    assemblyId,
    code: assemblyCode,
    pollId,
    itemId: item.agenda_item_id,
    grantId: grant.id,
    memberId: member,
    representativeId: randomUUID(),
    officeId: randomUUID(),
    userId: randomUUID(),
    // Unknown ones: the route answers 404 once the caller is past authentication and roles.
    documentId: randomUUID(),
    candidateId: randomUUID(),
    motionId: randomUUID(),
  });
  const codes = new Map((await issueAccessCodes(ctx, assemblyId)).map((c) => [c.memberId, c.code] as const));
  const strangerCode = (await issueAccessCodes(ctx, otherAssemblyId, { memberIds: [stranger] }))[0]?.code;
  for (const role of ['desk', 'chair', 'auditor', 'admin'] as const) {
    await createStaffUser(ctx, { username: `rr-${role}`, password: PASSWORD, role });
  }

  app = await buildApp({
    // A data folder for the export signing key.
    config: testConfig({ dataDir: mkdtempSync(join(tmpdir(), 'plenum-route-roles-')) }),
    db: database,
    clock,
    random: systemRandom,
    logger: createLogger('silent'),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  const memberLogin = async (id: string, assembly: string, code: string | undefined) => {
    const row = await database.db
      .selectFrom('members')
      .select('member_number')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const body = await post('/api/auth/member/login', {
      assemblyId: assembly,
      memberNumber: row.member_number,
      code,
    });
    return body.token as string;
  };
  tokens.set('anonymous', undefined);
  tokens.set('member', await memberLogin(member, assemblyId, codes.get(member)));
  tokens.set('proxy holder', await memberLogin(holder, assemblyId, codes.get(holder)));
  tokens.set('excluded member', await memberLogin(excluded, assemblyId, codes.get(excluded)));
  tokens.set('member of another assembly', await memberLogin(stranger, otherAssemblyId, strangerCode));
  for (const role of ['desk', 'chair', 'auditor', 'admin'] as const) {
    const body = await post('/api/auth/staff/login', { username: `rr-${role}`, password: PASSWORD });
    tokens.set(role, body.token as string);
  }
});
afterAll(async () => {
  await app?.close();
  await database?.dispose();
});

describe('chaos: routes and roles', () => {
  it('chaos: a table of every route and role, kept in docs/SECURITY.md, is enforced as written', async () => {
    const rows = parseTable(readFileSync(TABLE, 'utf8'));
    // Every route of the OpenAPI document is in the table, and the table names no other route.
    const doc = (await (await fetch(`${baseUrl}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    const tabled = rows.map((r) => `${r.method} ${r.path}`).sort();
    expect(tabled).toEqual([...new Set(tabled)]);
    expect(documented.filter((r) => !tabled.includes(r))).toEqual([]);
    expect(tabled.filter((r) => !documented.includes(r))).toEqual([]);

    // The roles the OpenAPI document names for each route (read off the guard) say what the table
    // says for the staff roles, members and anonymous callers.
    const documentedRoles: string[] = [];
    for (const row of rows) {
      const op = doc.paths[row.path]?.[row.method.toLowerCase()] as { 'x-roles'?: string[] } | undefined;
      const roles = op?.['x-roles'] ?? [];
      const says = (role: string) => roles.includes(role) || roles.includes('login');
      const expected: [string, boolean, boolean][] = [
        ['anonymous', roles.includes('public'), row.allowed.anonymous],
        ['member', says('member') || roles.includes('public'), row.allowed.member],
        ...(['desk', 'chair', 'auditor', 'admin'] as const).map((r): [string, boolean, boolean] => [
          r,
          says(`staff:${r}`) || roles.includes('public'),
          row.allowed[r],
        ]),
      ];
      for (const [who, inDoc, inTable] of expected) {
        if (inDoc !== inTable)
          documentedRoles.push(`${row.method} ${row.path}: ${who} x-roles=${roles.join(',')}`);
      }
    }
    expect(documentedRoles).toEqual([]);

    const wrong: string[] = [];
    const failures: string[] = [];
    for (const row of rows) {
      const url = row.path.replace(/\{(\w+)\}/g, (_, name: string) => {
        const value = params[name];
        if (!value) throw new Error(`no value for {${name}} in ${row.path}`);
        return value;
      });
      for (const role of ROLES) {
        const { status, code } = await call(row.method, url, tokens.get(role));
        const refused = status === 401 || (status === 403 && REFUSALS.has(code ?? ''));
        if (status >= 500) {
          // Past authentication and the role check (they run before any handler), but the handler
          // failed on the empty body: not this table's matter, shown so that it is not missed.
          if (row.allowed[role]) failures.push(`${row.method} ${row.path} as ${role}: ${status} ${code}`);
          else wrong.push(`${row.method} ${row.path} as ${role}: ${status} ${code}, the table says no`);
        } else if (row.allowed[role] && refused) {
          wrong.push(`${row.method} ${row.path} as ${role}: refused (${status} ${code}), the table says yes`);
        } else if (!row.allowed[role] && !refused) {
          wrong.push(
            `${row.method} ${row.path} as ${role}: let through (${status} ${code}), the table says no`,
          );
        } else if (!row.allowed[role] && role === 'anonymous' && status !== 401) {
          wrong.push(`${row.method} ${row.path} as anonymous: ${status} ${code}, expected 401`);
        }
      }
    }
    if (failures.length > 0)
      console.warn(`[route-roles] handler errors with an empty body:\n${failures.join('\n')}`);
    expect(wrong).toEqual([]);
  });
});
