import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../apps/api/src/app.ts';
import { systemClock, systemRandom } from '../../apps/api/src/deps.ts';
import { createLogger } from '../../apps/api/src/logger.ts';
import { issueAccessCodes } from '../../apps/api/src/modules/auth/access-codes.service.ts';
import { testConfig } from '../../apps/api/test/support/app.ts';
import { newAssembly, seedMembers, serviceContext } from '../../apps/api/test/support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../../apps/api/test/support/test-db.ts';

/*
 * Logins under attack and under load, against a listening server behind a trusted proxy (the
 * test client plays the proxy: PLENUM_TRUST_PROXY names 127.0.0.1, and X-Forwarded-For carries the
 * client address the proxy saw). Real clock, real PostgreSQL, default limits.
 */

const HALL = '198.51.100.7';
let database: TestDatabase;
let app: Awaited<ReturnType<typeof buildApp>>;
let baseUrl: string;
let assemblyId: string;
let codes: Map<string, string>;

async function login(memberNumber: string, code: string, address: string) {
  const res = await fetch(`${baseUrl}/api/auth/member/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ assemblyId, memberNumber, code }),
  });
  const body = (await res.json()) as { error?: { code: string }; token?: string };
  return {
    status: res.status,
    code: body.error?.code,
    retryAfter: Number(res.headers.get('retry-after') ?? 0),
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  const ctx = serviceContext(database, systemClock);
  await seedMembers(database, 1000);
  assemblyId = await newAssembly(ctx);
  codes = new Map((await issueAccessCodes(ctx, assemblyId)).map((c) => [c.memberNumber, c.code]));
  app = await buildApp({
    config: testConfig({ trustProxy: ['127.0.0.1'] }),
    db: database,
    clock: systemClock,
    random: systemRandom,
    logger: createLogger('silent'),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await app?.close();
  await database?.dispose();
});

describe('chaos: logins', () => {
  it('chaos: nobody can keep a member from logging in with the right code for more than a few seconds', async () => {
    const victim = 'M000001';
    const ledgerBefore = Number(
      (
        await database.db
          .selectFrom('ledger')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    // The attacker knows the member number and hammers wrong codes from 40 addresses, 16 at a time.
    let attacking = true;
    const seen = { refused: 0, throttled: 0, other: 0 };
    const attacker = async (lane: number) => {
      for (let i = 0; attacking; i++) {
        const r = await login(victim, 'AAAA-BBBB-CCCC', `203.0.113.${(lane * 7 + i) % 40}`);
        if (r.code === 'auth.invalid_credentials') seen.refused++;
        else if (r.code === 'auth.throttled') seen.throttled++;
        else seen.other++;
      }
    };
    const lanes = Array.from({ length: 16 }, (_, lane) => attacker(lane));
    // Meanwhile the member logs in from the hall five times over the attack (and mistypes once),
    // retrying only as the answer's Retry-After says.
    const waits: number[] = [];
    try {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect((await login(victim, 'ZZZZ-ZZZZ-ZZZZ', HALL)).status).toBe(401);
      for (let round = 0; round < 5; round++) {
        const started = Date.now();
        let result = await login(victim, codes.get(victim) ?? '', HALL);
        while (result.status === 429 && Date.now() - started < 30_000) {
          await new Promise((resolve) => setTimeout(resolve, result.retryAfter * 1000));
          result = await login(victim, codes.get(victim) ?? '', HALL);
        }
        expect(result.status).toBe(200);
        waits.push(Date.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
      // However slow the machine, the attack goes on until it was real: many wrong codes checked
      // and many attempts slowed (the member's logins above all happened during it).
      const until = Date.now() + 120_000;
      while ((seen.refused <= 100 || seen.throttled <= 100) && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      attacking = false;
      await Promise.all(lanes);
    }
    console.info(`[chaos] attack: ${JSON.stringify(seen)}; member waited ${waits.join(', ')} ms`);
    // The attack was real: many wrong codes were checked and the attacking addresses were slowed.
    expect(seen.refused).toBeGreaterThan(100);
    expect(seen.throttled).toBeGreaterThan(100);
    expect(seen.other).toBe(0);
    for (const wait of waits) expect(wait).toBeLessThan(5_000);
    // Every refusal is kept in its own table; the ledger did not grow with the attack.
    const refusals = await database.db
      .selectFrom('login_refusals')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('login', '=', victim)
      .executeTakeFirstOrThrow();
    expect(Number(refusals.n)).toBe(seen.refused + seen.throttled + 1);
    const ledgerAfter = Number(
      (
        await database.db
          .selectFrom('ledger')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(ledgerAfter).toBe(ledgerBefore);
    await app.refusalSummariser.runOnce();
    const summary = await database.db
      .selectFrom('ledger')
      .select('payload')
      .where('type', '=', 'logins.refused')
      .where('assembly_id', '=', assemblyId)
      .execute();
    // A handful of summaries at most (one a minute), whose counts add up to every refusal.
    expect(summary.length).toBeGreaterThanOrEqual(1);
    expect(summary.length).toBeLessThanOrEqual(2);
    expect(summary.reduce((n, e) => n + Number(e.payload.total), 0)).toBe(Number(refusals.n));
  });

  it('chaos: 1,000 members log in from one address within a minute', async () => {
    const numbers = [...codes.keys()];
    expect(numbers).toHaveLength(1000);
    const started = Date.now();
    let next = 0;
    const statuses: number[] = [];
    // 25 phones at a time on the hall Wi-Fi; every 20th member mistypes the code first.
    const phone = async () => {
      while (next < numbers.length) {
        const number = numbers[next++] as string;
        if (next % 20 === 0) expect((await login(number, 'TYPO-TYPO-TYPO', HALL)).status).toBe(401);
        statuses.push((await login(number, codes.get(number) ?? '', HALL)).status);
      }
    };
    await Promise.all(Array.from({ length: 25 }, phone));
    const elapsed = Date.now() - started;
    console.info(`[chaos] 1,000 member logins (+50 typos) from one address in ${elapsed} ms`);
    expect(statuses).toHaveLength(1000);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(elapsed).toBeLessThan(60_000);
  });
});
