/**
 * Everything before the clock starts, through the API as a cooperative would do it: staff users
 * (created with the staff-users service on the same database, as `pnpm plenum user add` does, then
 * logged in through the staff login route), the register imported as CSV, an assembly, access
 * codes, every member checked in by the desk and logged in with their code.
 */

import { createDatabase } from '../../apps/api/src/db/database.ts';
import { systemClock, systemRandom } from '../../apps/api/src/deps.ts';
import { createStaffUser } from '../../apps/api/src/modules/auth/staff-users.service.ts';
import { ballotKeys } from '../../apps/api/src/modules/ballots/ballot-seal.ts';
import { call, type LoadGenerator, type LoadRun } from './bench-load.ts';
import type { Secrets } from './bench-processes.ts';

export type StaffTokens = Record<'admin' | 'chair' | 'desk' | 'auditor', string>;

export interface Member {
  number: string;
  code: string;
  id: string;
  token: string;
}

export interface Seeded {
  staff: StaffTokens;
  assemblyId: string;
  members: Member[];
  timings: {
    importMs: number;
    codesMs: number;
    checkIn: {
      elapsedMs: number;
      single: LoadRun;
      singles: number;
      bulk: LoadRun | null;
      bulkMembers: number;
    };
    login: LoadRun;
  };
}

const FAMILY = ['Müller', 'Schäfer', 'Weiß', 'Groß', 'Öztürk', 'Becker', 'Köhler', 'Jäger'];
/** With --check-in-batch B > 1: how many members are checked in one by one before the bulk route. */
export const SINGLE_CHECK_INS = 2_000;
const number = (i: number) => `B${String(i + 1).padStart(7, '0')}`;

/** A distinct client address per member, as if each used their own device. */
export const ipOf = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

export function registerCsv(count: number): string {
  const lines = ['Mitgliedsnummer;Vorname;Nachname;E-Mail;Anteile;Eintrittsdatum;Kündigung zum;Art'];
  for (let i = 0; i < count; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    lines.push(
      `${number(i)};Jörg ${i};${FAMILY[i % FAMILY.length]};m${i}@example.org;${(i % 5) + 1};${day}.03.2015;;natürliche Person`,
    );
  }
  return lines.join('\n');
}

async function staffTokens(databaseUrl: string, secrets: Secrets, origin: string): Promise<StaffTokens> {
  const database = await createDatabase({ databaseUrl, dataDir: '/nonexistent', poolSize: 2 });
  const ctx = {
    db: database.db,
    clock: systemClock,
    random: systemRandom,
    ballotKeys: ballotKeys(secrets.ballotKey),
  };
  const password = 'bench-password-123';
  const tokens: Partial<StaffTokens> = {};
  try {
    for (const role of ['admin', 'chair', 'desk', 'auditor'] as const) {
      await createStaffUser(ctx, { username: `bench-${role}`, password, role });
      const res = await call<{ token: string }>(origin, 'POST', '/api/auth/staff/login', {
        json: { username: `bench-${role}`, password },
      });
      tokens[role] = res.body.token;
    }
  } finally {
    await database.close();
  }
  return tokens as StaffTokens;
}

/** The access-code CSV (`;`, CRLF, BOM): member number in the first column, the code in the fifth. */
export function parseCodes(csv: string): Map<string, string> {
  const codes = new Map<string, string>();
  for (const line of csv
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .slice(1)) {
    if (line === '') continue;
    const cells = line.split(';');
    codes.set(cells[0] as string, cells[4] as string);
  }
  return codes;
}

function assertClean(what: string, run: LoadRun): void {
  if (run.errors > 0) {
    throw new Error(`${what}: ${run.errors} of ${run.requests} failed, first: ${run.firstError}`);
  }
}

export async function seed(
  options: { databaseUrl: string; secrets: Secrets; origin: string; members: number; checkInBatch: number },
  load: LoadGenerator,
  log: (line: string) => void,
): Promise<Seeded> {
  const { origin } = options;
  const staff = await staffTokens(options.databaseUrl, options.secrets, origin);
  const imported = await call<{ created: number }>(origin, 'POST', '/api/members/import', {
    token: staff.admin,
    body: registerCsv(options.members),
    contentType: 'text/csv',
  });
  if (imported.body.created !== options.members) throw new Error(`import: ${imported.text.slice(0, 300)}`);
  log(`imported ${options.members} members (CSV, one request) in ${imported.ms.toFixed(0)} ms`);
  const assembly = await call<{ id: string }>(origin, 'POST', '/api/assemblies', {
    token: staff.admin,
    json: {
      title: 'Benchmark-Generalversammlung',
      form: 'hybrid',
      registeredSeat: 'Berlin',
      startsAt: new Date().toISOString(),
    },
    expect: 201,
  });
  const assemblyId = assembly.body.id;
  // Convened the legitimate way (R16: an agenda, three weeks' notice), then opened by the chair.
  await call(origin, 'POST', `/api/assemblies/${assemblyId}/items`, {
    token: staff.admin,
    json: { kind: 'information_only', title: 'Eröffnung und Begrüßung' },
    expect: 201,
  });
  await call(origin, 'POST', `/api/assemblies/${assemblyId}/convene`, {
    token: staff.chair,
    json: {
      invitedOn: new Date(Date.now() - 21 * 86_400_000).toISOString().slice(0, 10),
      channel: 'text_form_to_each_member',
      accessDetails: 'Online über die Mitgliederseite',
    },
    expect: 200,
  });
  await call(origin, 'POST', `/api/assemblies/${assemblyId}/open`, { token: staff.chair, expect: 200 });
  const issued = await call<string>(origin, 'POST', `/api/assemblies/${assemblyId}/access-codes`, {
    token: staff.admin,
    json: {},
  });
  const codes = parseCodes(issued.text);
  if (codes.size !== options.members) throw new Error(`access codes: ${codes.size} of ${options.members}`);
  log(`issued ${codes.size} access codes in ${issued.ms.toFixed(0)} ms`);

  const numbers = Array.from({ length: options.members }, (_, i) => number(i));
  const json = { 'content-type': 'application/json' };
  // With --check-in-batch 1 every member through the desk's check-in route, C desks at once. With
  // B > 1 as a cooperative would do it: the first `singles` members one by one at the desk (their
  // rate is reported too), the rest through check-in-many, B member numbers per request (an import
  // of the attendance list, or a desk scanning a queue).
  const batch = options.checkInBatch;
  const singles = batch > 1 ? Math.min(numbers.length, SINGLE_CHECK_INS) : numbers.length;
  const oneByOne = (from: number, count: number) =>
    load.run(
      count,
      (i) => ({
        method: 'POST',
        path: `/api/assemblies/${assemblyId}/attendance/check-in`,
        headers: { ...json, authorization: `Bearer ${staff.desk}` },
        body: JSON.stringify({ memberNumber: numbers[from + i] }),
      }),
      201,
      Number.POSITIVE_INFINITY,
    );
  const single = await oneByOne(0, singles);
  assertClean('check-in', single);
  const rest = numbers.slice(singles);
  let bulk: LoadRun | null = null;
  if (rest.length > 0) {
    bulk = await load.run(
      Math.ceil(rest.length / batch),
      (i) => ({
        method: 'POST',
        path: `/api/assemblies/${assemblyId}/attendance/check-in-many`,
        headers: { ...json, authorization: `Bearer ${staff.desk}` },
        body: JSON.stringify({ memberNumbers: rest.slice(i * batch, (i + 1) * batch) }),
      }),
      200,
      Number.POSITIVE_INFINITY,
      (i, text) => {
        const asked = rest.slice(i * batch, (i + 1) * batch).length;
        if ((JSON.parse(text) as { checkedIn: number }).checkedIn !== asked)
          throw new Error(`check-in-many: ${text.slice(0, 300)}`);
      },
    );
    assertClean('check-in', bulk);
  }
  const checkInMs = single.elapsedMs + (bulk?.elapsedMs ?? 0);
  log(
    `checked in ${numbers.length} members in ${checkInMs.toFixed(0)} ms: ${singles} one by one (${((singles / single.elapsedMs) * 1000).toFixed(0)}/s)${bulk ? `, ${rest.length} through check-in-many (${((rest.length / bulk.elapsedMs) * 1000).toFixed(0)}/s)` : ''}`,
  );
  const checkIn = { elapsedMs: checkInMs, single, singles, bulk, bulkMembers: rest.length };

  const members: Member[] = numbers.map((n) => ({ number: n, code: codes.get(n) ?? '', id: '', token: '' }));
  const login = await load.run(
    members.length,
    (i) => ({
      method: 'POST',
      path: '/api/auth/member/login',
      headers: { ...json, 'x-forwarded-for': ipOf(i + 1) },
      body: JSON.stringify({ assemblyId, memberNumber: members[i]?.number, code: members[i]?.code }),
    }),
    200,
    Number.POSITIVE_INFINITY,
    (i, text) => {
      const body = JSON.parse(text) as { token: string; user: { memberId: string } };
      const m = members[i] as Member;
      m.token = body.token;
      m.id = body.user.memberId;
    },
  );
  assertClean('member login', login);
  log(`logged in ${members.length} members in ${login.elapsedMs.toFixed(0)} ms`);
  return {
    staff,
    assemblyId,
    members,
    timings: { importMs: imported.ms, codesMs: issued.ms, checkIn, login },
  };
}
