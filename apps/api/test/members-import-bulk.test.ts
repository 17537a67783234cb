import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from './support/app.ts';
import { bearer, staffToken } from './support/auth.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

const N = 100_000;
const FAMILY = ['Müller', 'Schäfer', 'Weiß', 'Groß', 'Öztürk', 'Becker', 'Köhler', 'Jäger'];

/** A realistic register: umlauts, German dates, e-mails, some with notice given. */
function registerCsv(changeEvery = 0): string {
  const lines = ['Mitgliedsnummer;Vorname;Nachname;E-Mail;Anteile;Eintrittsdatum;Kündigung zum;Art'];
  for (let i = 1; i <= N; i++) {
    const shares = changeEvery > 0 && i % changeEvery === 0 ? 7 : (i % 5) + 1;
    const day = String((i % 28) + 1).padStart(2, '0');
    const notice = i % 50 === 0 ? '31.12.2026' : '';
    lines.push(
      `M${String(i).padStart(6, '0')};Jörg ${i};${FAMILY[i % FAMILY.length]};m${i}@example.org;${shares};${day}.03.2015;${notice};natürliche Person`,
    );
  }
  return lines.join('\n');
}

// 100,000 rows a request: on a busy 2-core machine one import takes up to a minute (no timing is asserted).
describe('POST /api/members/import at scale', { timeout: 240_000 }, () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const post = (csv: string) =>
    app.inject({
      method: 'POST',
      url: '/api/members/import',
      headers: { ...bearer(staffToken(app, 'admin')), 'content-type': 'text/csv' },
      payload: csv,
    });

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database);
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  it('imports 100,000 members in one request', async () => {
    const res = await post(registerCsv());
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ created: N, updated: 0, unchanged: 0, refused: 0 });
    const { n } = await database.db
      .selectFrom('members')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBe(N);
  });

  it('re-imports 100,000 members, updating only the 10,000 that changed', async () => {
    const res = await post(registerCsv(10));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ created: 0, updated: N / 10, unchanged: N - N / 10, refused: 0 });
    const { n } = await database.db
      .selectFrom('members')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('shares', '=', 7)
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBe(N / 10);
  });

  it('searches the 100,000 by name without umlauts', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/members?q=jorg%2012344%20muller',
      headers: bearer(staffToken(app, 'desk')),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((m: { memberNumber: string }) => m.memberNumber)).toContain('M012344');
  });
});
