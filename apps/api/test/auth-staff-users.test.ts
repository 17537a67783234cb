import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from './support/app.ts';
import { bearer, staffToken } from './support/auth.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

let database: TestDatabase;
let app: Awaited<ReturnType<typeof buildTestApp>>;
let admin: Record<string, string>;

const create = (payload: object, headers = admin) =>
  app.inject({ method: 'POST', url: '/api/staff-users', payload, headers });
const staffCount = async () => (await database.db.selectFrom('staff_users').select('id').execute()).length;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database);
  admin = bearer(staffToken(app, 'admin', 'root'));
});
afterAll(async () => {
  await app?.close();
  await database?.dispose();
});

describe('POST /api/staff-users', () => {
  it('creates a user whose password is stored only as an argon2id hash, and who can log in', async () => {
    const res = await create({
      username: 'Auditor.A',
      password: 'a long enough pw',
      role: 'auditor',
      displayName: 'Frau Prüferin',
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      username: 'Auditor.A',
      role: 'auditor',
      displayName: 'Frau Prüferin',
      disabledAt: null,
    });
    expect(Object.keys(body).sort()).toEqual([
      'createdAt',
      'disabledAt',
      'displayName',
      'id',
      'role',
      'username',
    ]);
    const row = await database.db.selectFrom('staff_users').select('password_hash').executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.password_hash).not.toContain('a long enough pw');
    const entry = await database.db
      .selectFrom('ledger')
      .select('payload')
      .where('type', '=', 'staff_user.created')
      .executeTakeFirstOrThrow();
    expect(entry.payload).toMatchObject({ username: 'Auditor.A', role: 'auditor', by: 'staff:root' });
    expect(JSON.stringify(entry.payload)).not.toContain('long enough');
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/staff/login',
      payload: { username: 'auditor.a', password: 'a long enough pw' },
    });
    expect(login.statusCode).toBe(200);
    expect(login.json().user.role).toBe('auditor');
  });

  it('rejects without token (401) and for a chair (403)', async () => {
    const payload = { username: 'x-user', password: 'a long enough pw', role: 'admin', displayName: 'X' };
    const none = await create(payload, {});
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('auth.required');
    const chair = await create(payload, bearer(staffToken(app, 'chair')));
    expect(chair.statusCode).toBe(403);
    expect(chair.json().error.code).toBe('auth.forbidden');
    expect(await staffCount()).toBe(1);
  });

  it('rejects bad input with its code and changes nothing', async () => {
    const ok = { username: 'desk1', password: 'a long enough pw', role: 'desk', displayName: 'Desk' };
    const cases = [
      [{ ...ok, password: '12345678901' }, 400, 'auth.password_too_short'],
      [{ ...ok, username: 'AUDITOR.a' }, 409, 'auth.username_taken'],
      [{ ...ok, role: 'king' }, 400, 'request.invalid'],
      [{ ...ok, username: 'no spaces allowed' }, 400, 'request.invalid'],
      [{ ...ok, passwordHash: 'x' }, 400, 'request.unknown_field'],
    ] as const;
    for (const [payload, status, code] of cases) {
      const res = await create(payload);
      expect(res.statusCode).toBe(status);
      expect(res.json().error.code).toBe(code);
    }
    expect(await staffCount()).toBe(1);
    expect(
      (
        await database.db
          .selectFrom('ledger')
          .select('seq')
          .where('type', '=', 'staff_user.created')
          .execute()
      ).length,
    ).toBe(1);
  });
});

describe('GET /api/staff-users', () => {
  it('lists the users without any password hash', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/staff-users', headers: admin });
    expect(res.statusCode).toBe(200);
    expect(res.json().users.map((u: { username: string }) => u.username)).toEqual(['Auditor.A']);
    expect(res.body).not.toMatch(/argon2|password/i);
  });

  it('rejects without token (401) and for an auditor (403)', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/staff-users' })).statusCode).toBe(401);
    const auditor = await app.inject({
      method: 'GET',
      url: '/api/staff-users',
      headers: bearer(staffToken(app, 'auditor')),
    });
    expect(auditor.statusCode).toBe(403);
    expect(auditor.json().error.code).toBe('auth.forbidden');
  });
});
