import { verifyChain } from '@plenum/ledger';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../src/config.ts';
import { buildRegister, registerCsv } from '../src/demo/demo-register.ts';
import { type DemoSeed, seedDemo } from '../src/demo/demo-seed.ts';
import { demoBanner } from '../src/demo/demo-start.ts';
import { readLedger } from '../src/modules/ledger/ledger.queries.ts';
import { buildTestApp } from './support/app.ts';
import { testClock } from './support/clock.ts';
import { serviceContext } from './support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

describe('demo register (pure)', () => {
  it('is the same for the same seed, with 900 members, two legal persons and realistic names', () => {
    const a = buildRegister();
    expect(registerCsv(buildRegister().members)).toBe(registerCsv(a.members));
    expect(a.members).toHaveLength(900);
    expect(a.members.filter((m) => m.kind === 'legal_person').map((m) => m.familyName)).toEqual([
      'Kulturzentrum Leipzig gGmbH',
      'Atelierhaus Nord e.V.',
    ]);
    expect(a.members[0]?.memberNumber).toBe('10001');
    expect(new Set(a.members.map((m) => m.email)).size).toBe(900);
    expect(a.members.some((m) => /[äöüß]/i.test(m.familyName))).toBe(true);
    expect(a.members.some((m) => m.familyName.includes('-'))).toBe(true);
    for (const m of a.members) {
      expect(Number.isInteger(m.shares) && m.shares >= 1 && m.shares <= 20).toBe(true);
      expect(m.admissionDate >= '2004-01-01' && m.admissionDate <= '2025-12-31').toBe(true);
      expect(m.email).toMatch(/@([a-z-]+\.)?example\.org$/);
    }
    expect(a.noticeGiven).toHaveLength(15);
    expect(a.exited).toHaveLength(6);
  });

  it('is on by default for the embedded database only; PLENUM_DEMO decides otherwise', () => {
    expect(parseEnv({}).demo).toBe(true);
    expect(parseEnv({ PLENUM_DEMO: '0' }).demo).toBe(false);
    expect(parseEnv({ DATABASE_URL: 'postgres://u@h/db' }).demo).toBe(false);
    expect(parseEnv({ DATABASE_URL: 'postgres://u@h/db', PLENUM_DEMO: '1' }).demo).toBe(true);
    expect(() => parseEnv({ PLENUM_DEMO: 'maybe' })).toThrow('PLENUM_DEMO must be true or false');
  });
});

describe('seedDemo', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let seed: DemoSeed;

  beforeAll(async () => {
    database = await createTestDatabase();
    seed = await seedDemo(serviceContext(database, testClock('2026-05-10T09:00:00.000Z')), {
      publicUrl: 'https://gv.example.coop',
    });
    app = await buildTestApp(database);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  it('fills the register, the boards and the assembly through the services', async () => {
    const db = database.db;
    const count = async (table: 'members' | 'offices' | 'candidates' | 'access_codes' | 'staff_users') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count('members')).toBe(900);
    expect(await count('offices')).toBe(9);
    expect(await count('candidates')).toBe(3);
    expect(await count('staff_users')).toBe(4);
    // Everyone still on the register on the assembly day has a code (the six who left have none).
    expect(await count('access_codes')).toBe(894);
    expect(seed.codes).toHaveLength(894);
    expect(seed.items.map((i) => i.kind)).toEqual([
      'information_only',
      'information_only',
      'annual_accounts',
      'appropriation_of_profit_or_loss',
      'discharge_management_board',
      'discharge_supervisory_board',
      'supervisory_board_election',
      'statute_amendment',
      'information_only',
    ]);
    expect(seed.roles.supervisoryBoard).toHaveLength(5);
    expect(seed.roles.managementBoard).toHaveLength(2);
    expect(seed.proxies).toHaveLength(5);
    expect(seed.title).toBe('Ordentliche Generalversammlung 2026 der Kreativgenossenschaft Beispiel eG');
    const types = (await readLedger(db)).map((e) => e.type);
    for (const type of ['members.imported', 'office.added', 'assembly.created', 'agenda.item_added']) {
      expect(types).toContain(type);
    }
    expect(types).toContain('election.candidate_nominated');
    expect(types).toContain('access_codes.issued');
    expect(types.filter((t) => t === 'proxy.granted')).toHaveLength(5);
    expect(verifyChain(await readLedger(db))).toEqual([]);
  });

  it('stores no password or code in plain text', async () => {
    const users = await database.db.selectFrom('staff_users').select('password_hash').execute();
    for (const u of users) expect(u.password_hash).toMatch(/^\$argon2id\$/);
    const ledger = JSON.stringify(await readLedger(database.db));
    for (const s of seed.staff) expect(ledger).not.toContain(s.password);
    for (const m of seed.sampleMembers) expect(ledger).not.toContain(m.code);
  });

  it('prints logins that work over HTTP', async () => {
    for (const s of seed.staff) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/staff/login',
        payload: { username: s.username, password: s.password },
      });
      expect(res.statusCode, s.username).toBe(200);
      expect(res.json().user.role).toBe(s.role);
    }
    for (const m of seed.sampleMembers) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/member/login',
        payload: { assemblyId: seed.assemblyId, memberNumber: m.memberNumber, code: m.code },
      });
      expect(res.statusCode, m.memberNumber).toBe(200);
      expect(m.link).toContain(`https://gv.example.coop/join?code=${seed.assemblyCode}`);
    }
    const banner = demoBanner(seed, 'http://localhost:3000', '/data/demo-logins.txt');
    expect(banner).toContain('Plenum is running on http://localhost:3000');
    expect(banner).toContain(`Chair: ${seed.chairName}`);
    expect(banner).toContain('PLENUM_DEMO=0');
    for (const s of seed.staff) expect(banner).toContain(s.password);
  });
});
