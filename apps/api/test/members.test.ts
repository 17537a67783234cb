import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from './support/app.ts';
import { bearer, staffToken } from './support/auth.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

const REGISTER = [
  'Mitgliedsnummer;Vorname;Nachname;Eintritt;Austritt;Kündigung zum;Art',
  'A-0001;Jürgen;Müller;2019-01-01;;;natürliche Person',
  'A-0002;Anna;Mueller;2019-01-01;;;natürliche Person',
  'A-0003;Erik;Weiß;2019-01-01;2020-12-31;2020-06-30;natürliche Person',
  'A-0004;Sophie;Großmann;2019-01-01;2026-12-31;2026-03-01;natürliche Person',
  'B-0001;;Stadtwerke Süd GmbH;2018-05-01;;;juristische Person',
  ...Array.from(
    { length: 20 },
    (_, i) => `C-${String(i + 1).padStart(4, '0')};Max;Muster${i + 1};2020-01-01;;;`,
  ),
].join('\n');

describe('the register: list, search, detail, representatives', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let admin: string;
  const get = (url: string, token = admin) => app.inject({ method: 'GET', url, headers: bearer(token) });
  const idOf = async (memberNumber: string) =>
    (
      await database.db
        .selectFrom('members')
        .select('id')
        .where('member_number', '=', memberNumber)
        .executeTakeFirstOrThrow()
    ).id;
  const numbers = (body: { items: { memberNumber: string }[] }) => body.items.map((m) => m.memberNumber);

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database);
    admin = staffToken(app, 'admin');
    const res = await app.inject({
      method: 'POST',
      url: '/api/members/import',
      headers: { ...bearer(admin), 'content-type': 'text/csv' },
      payload: REGISTER,
    });
    expect(res.json()).toMatchObject({ created: 25, refused: 0 });
    // An expelled and a deceased member (not part of the CSV import; set directly).
    await database.db
      .updateTable('members')
      .set({ expulsion_letter_sent_at: '2026-01-10T09:00:00Z' })
      .where('member_number', '=', 'C-0019')
      .execute();
    await database.db
      .updateTable('members')
      .set({ deceased_on: '2026-02-01' })
      .where('member_number', '=', 'C-0020')
      .execute();
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  it('lists members in member-number order with a computed status (desk, chair, auditor)', async () => {
    for (const role of ['desk', 'chair', 'auditor'] as const) {
      const res = await get('/api/members?limit=5', staffToken(app, role));
      expect(res.statusCode).toBe(200);
      expect(numbers(res.json())).toEqual(['A-0001', 'A-0002', 'A-0003', 'A-0004', 'B-0001']);
    }
    const all = (await get('/api/members?limit=200')).json();
    expect(all.total).toBe(25);
    const status = Object.fromEntries(
      all.items.map((m: { memberNumber: string; status: string }) => [m.memberNumber, m.status]),
    );
    expect([
      status['A-0001'],
      status['A-0003'],
      status['A-0004'],
      status['C-0019'],
      status['C-0020'],
    ]).toEqual(['active', 'exited', 'notice_given', 'expelled', 'deceased']);
    expect(all.items[4]).toMatchObject({
      givenName: '',
      familyName: 'Stadtwerke Süd GmbH',
      kind: 'legal_person',
      shares: 1,
    });
  });

  it('finds Müller by "muller", "mueller" and "MÜLLER"; Weiß by "weiss"; case-insensitive', async () => {
    expect(numbers((await get('/api/members?q=muller')).json())).toEqual(['A-0001']);
    expect(numbers((await get('/api/members?q=mueller')).json())).toEqual(['A-0001', 'A-0002']);
    expect(numbers((await get(`/api/members?q=${encodeURIComponent('MÜLLER')}`)).json())).toEqual(['A-0001']);
    expect(numbers((await get('/api/members?q=weiss')).json())).toEqual(['A-0003']);
    expect(numbers((await get(`/api/members?q=${encodeURIComponent('jürgen müll')}`)).json())).toEqual([
      'A-0001',
    ]);
    expect(numbers((await get(`/api/members?q=${encodeURIComponent('süd gmbh')}`)).json())).toEqual([
      'B-0001',
    ]);
    expect(numbers((await get('/api/members?q=%25')).json())).toEqual([]);
  });

  it('finds by member-number prefix', async () => {
    expect(numbers((await get('/api/members?q=a-000')).json())).toEqual([
      'A-0001',
      'A-0002',
      'A-0003',
      'A-0004',
    ]);
    expect((await get('/api/members?q=C-00&limit=1')).json().total).toBe(20);
  });

  it('pages with a cursor until nextCursor is null', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/members?q=C-&limit=7${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await get(url)).json();
      seen.push(...numbers(page));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(20);
    expect(new Set(seen).size).toBe(20);
  });

  it('rejects bad list input (400 request.invalid)', async () => {
    expect((await get('/api/members?limit=201')).json().error.code).toBe('request.invalid');
    expect((await get('/api/members?limit=0')).statusCode).toBe(400);
    expect((await get('/api/members?cursor=!!nope')).json().error.code).toBe('request.invalid');
    expect((await get('/api/members?sort=name')).json().error.code).toBe('request.unknown_field');
  });

  it('shows one member with representatives and offices; 404 member.not_found, 400 for a non-uuid', async () => {
    const id = await idOf('A-0001');
    const res = await get(`/api/members/${id}`, staffToken(app, 'desk'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id,
      memberNumber: 'A-0001',
      familyName: 'Müller',
      votes: 1,
      representatives: [],
      offices: [],
    });
    const missing = await get('/api/members/00000000-0000-4000-8000-000000000000');
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'member.not_found']);
    expect((await get('/api/members/42')).statusCode).toBe(400);
  });

  it('R4: adds and removes a legal representative of a legal person (§43(4)), with ledger entries', async () => {
    const company = await idOf('B-0001');
    const rep = await idOf('C-0001');
    const res = await app.inject({
      method: 'POST',
      url: `/api/members/${company}/representatives`,
      headers: bearer(admin),
      payload: { name: 'Max Muster1', representativeMemberId: rep, kind: 'legal_representative' },
    });
    expect(res.statusCode).toBe(201);
    const added = res.json();
    expect(added).toMatchObject({
      memberId: company,
      representativeMemberId: rep,
      kind: 'legal_representative',
    });
    const again = await app.inject({
      method: 'POST',
      url: `/api/members/${company}/representatives`,
      headers: bearer(admin),
      payload: { name: 'Max Muster1', representativeMemberId: rep, kind: 'legal_representative' },
    });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'members.representative_duplicate']);
    const detail = (await get(`/api/members/${company}`)).json();
    expect(detail.representatives).toHaveLength(1);
    const del = await app.inject({
      method: 'DELETE',
      url: `/api/members/${company}/representatives/${added.id}`,
      headers: bearer(admin),
    });
    expect(del.statusCode).toBe(204);
    const gone = await app.inject({
      method: 'DELETE',
      url: `/api/members/${company}/representatives/${added.id}`,
      headers: bearer(admin),
    });
    expect([gone.statusCode, gone.json().error.code]).toEqual([404, 'members.representative_not_found']);
    const types = await database.db
      .selectFrom('ledger')
      .select('type')
      .where('type', 'like', 'member.representative%')
      .execute();
    expect(types.map((t) => t.type)).toEqual([
      'member.representative_added',
      'member.representative_removed',
    ]);
  });

  it('R3: one joint representative of the heirs (§77(1)); self-representation and unknown members refused', async () => {
    const deceased = await idOf('C-0020');
    const post = (payload: Record<string, unknown>, memberId = deceased) =>
      app.inject({
        method: 'POST',
        url: `/api/members/${memberId}/representatives`,
        headers: bearer(admin),
        payload,
      });
    expect((await post({ name: 'Erbin Eins', kind: 'heirs_joint_representative' })).statusCode).toBe(201);
    const second = await post({ name: 'Erbe Zwei', kind: 'heirs_joint_representative' });
    expect([second.statusCode, second.json().error.code]).toEqual([
      409,
      'members.heirs_representative_exists',
    ]);
    const self = await post({
      name: 'Selbst',
      kind: 'legal_representative',
      representativeMemberId: deceased,
    });
    expect([self.statusCode, self.json().error.code]).toEqual([422, 'members.representative_self']);
    const unknownRep = await post({
      name: 'X',
      kind: 'legal_representative',
      representativeMemberId: '00000000-0000-4000-8000-000000000000',
    });
    expect([unknownRep.statusCode, unknownRep.json().error.code]).toEqual([404, 'member.not_found']);
    const unknownMember = await post(
      { name: 'X', kind: 'legal_representative' },
      '00000000-0000-4000-8000-000000000000',
    );
    expect(unknownMember.statusCode).toBe(404);
    const bad = await post({ name: '', kind: 'boss' });
    expect(bad.statusCode).toBe(400);
    const extra = await post({ name: 'X', kind: 'legal_representative', note: 'hi' });
    expect(extra.json().error.code).toBe('request.unknown_field');
    const count = await database.db
      .selectFrom('member_representatives')
      .select('id')
      .where('member_id', '=', deceased)
      .execute();
    expect(count).toHaveLength(1);
  });

  it('every route rejects without token (401 auth.required)', async () => {
    const id = await idOf('A-0001');
    const routes = [
      { method: 'GET' as const, url: '/api/members' },
      { method: 'GET' as const, url: `/api/members/${id}` },
      {
        method: 'POST' as const,
        url: `/api/members/${id}/representatives`,
        payload: { name: 'X', kind: 'legal_representative' },
      },
      { method: 'DELETE' as const, url: `/api/members/${id}/representatives/${id}` },
    ];
    for (const route of routes) {
      const res = await app.inject(route);
      expect([route.url, res.statusCode, res.json().error.code]).toEqual([route.url, 401, 'auth.required']);
    }
  });

  it('rejects wrong role (403 auth.forbidden): only admins change representatives', async () => {
    const id = await idOf('B-0001');
    for (const role of ['desk', 'chair', 'auditor'] as const) {
      const headers = bearer(staffToken(app, role));
      const add = await app.inject({
        method: 'POST',
        url: `/api/members/${id}/representatives`,
        headers,
        payload: { name: 'X', kind: 'legal_representative' },
      });
      expect([add.statusCode, add.json().error.code]).toEqual([403, 'auth.forbidden']);
      const del = await app.inject({
        method: 'DELETE',
        url: `/api/members/${id}/representatives/${id}`,
        headers,
      });
      expect(del.statusCode).toBe(403);
    }
    const member = await app.inject({
      method: 'GET',
      url: '/api/members',
      headers: bearer(
        app.jwt.sign({
          kind: 'member',
          sub: 'member:x',
          memberId: id,
          assemblyId: id,
          memberNumber: 'B-0001',
        }),
      ),
    });
    expect(member.statusCode).toBe(403);
  });
});
