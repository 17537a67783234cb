import { sql } from 'kysely';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { seedMembers } from '../../apps/api/test/support/fixtures.ts';
import { freePort } from '../../apps/api/test/support/server-process.ts';
import { createTestDatabase, type TestDatabase } from '../../apps/api/test/support/test-db.ts';
import { ApiProcess, call, ok, report, scale, tokens } from './support/plenum.ts';

const skip = inject('chaos').skip;

describe.skipIf(skip !== null)('chaos: the API process killed during check-in', () => {
  let database: TestDatabase | undefined;
  let api: ApiProcess | undefined;
  afterAll(async () => {
    await api?.stop();
    await database?.dispose();
  });

  it('chaos: kill -9 of the API during concurrent check-ins: every acknowledged check-in reaches the ledger once, after the restart', async () => {
    const members = scale(1000, 300);
    database = await createTestDatabase();
    const db = database.db;
    const settings = ApiProcess.settings(database.url ?? '');
    api = new ApiProcess(settings, await freePort());
    const server = api;
    await server.healthy();
    const memberIds = await seedMembers(database, members);
    const t = tokens(settings.PLENUM_JWT_SECRET, () => '');
    const assembly = await ok(server.base, 'POST', '/api/assemblies', t.admin, {
      title: 'Chaos-Generalversammlung',
      form: 'hybrid',
      place: 'Berlin',
      registeredSeat: 'Berlin',
      startsAt: '2026-06-20T10:00:00.000Z',
      chairName: 'Dr. Aufsichtsrat',
      statute: {},
    });
    const assemblyId = assembly.body.id as string;
    await ok(server.base, 'POST', `/api/assemblies/${assemblyId}/items`, t.admin, {
      kind: 'motion',
      title: 'Antrag: Photovoltaik auf dem Vereinsheim',
    });
    await ok(server.base, 'POST', `/api/assemblies/${assemblyId}/convene`, t.chair, {
      invitedOn: '2026-05-20',
      channel: 'text_form_to_each_member',
      accessDetails: 'Online über die Mitgliederseite',
    });
    await ok(server.base, 'POST', `/api/assemblies/${assemblyId}/open`, t.chair);

    // 16 desks at once; once a third are acknowledged the API is killed (SIGKILL) and restarted.
    let acknowledged = 0;
    let waitingAtKill = -1;
    let killer: Promise<void> | undefined;
    const killAndRestart = async () => {
      await server.kill();
      waitingAtKill = Number(
        (await sql<{ n: string }>`SELECT count(*) AS n FROM attendance_unchained`.execute(db)).rows[0]?.n,
      );
      server.restart();
      await server.healthy();
    };
    const answers = new Map<string, number>();
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let i = next++; i < memberIds.length; i = next++) {
          const memberId = memberIds[i] as string;
          for (;;) {
            const reply = await call(
              server.base,
              'POST',
              `/api/assemblies/${assemblyId}/attendance/check-in`,
              t.desk,
              { memberId },
            ).catch(() => null);
            // Cut off, or the process is down (503 while starting): the desk tries again.
            if (reply === null || reply.status === 503) {
              await new Promise((r) => setTimeout(r, 100));
              continue;
            }
            answers.set(memberId, reply.status);
            if (reply.status === 201) acknowledged += 1;
            if (acknowledged >= members / 3 && killer === undefined) killer = killAndRestart();
            break;
          }
        }
      }),
    );
    await killer;
    // Every member was answered: checked in (201), or already present (409: committed, answer lost).
    expect([...answers.values()].every((s) => s === 201 || s === 409)).toBe(true);
    expect(answers.size).toBe(members);
    // The restarted process chains what the killed one left (at start, then every second).
    const end = Date.now() + 30_000;
    for (;;) {
      const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM attendance_unchained`.execute(db);
      if (Number(rows[0]?.n) === 0) break;
      if (Date.now() > end) throw new Error('attendance events still waiting for the ledger after 30 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    const { rows: entries } = await sql<{ payload: { events: { memberId: string; event: string }[] } }>`
      SELECT payload FROM ledger WHERE type = 'attendance.chained' AND assembly_id = ${assemblyId}`.execute(
      db,
    );
    const chained = entries.flatMap((e) => e.payload.events.filter((x) => x.event === 'check_in'));
    const perMember = new Map<string, number>();
    for (const x of chained) perMember.set(x.memberId, (perMember.get(x.memberId) ?? 0) + 1);
    report('kill -9 of the API during concurrent check-ins', {
      'check-ins (members)': members,
      'acknowledged (201)': acknowledged,
      'committed, answer lost (409 on retry)': [...answers.values()].filter((s) => s === 409).length,
      'events waiting for the ledger at the kill': waitingAtKill,
      'attendance.chained entries': entries.length,
    });
    // Every member exactly once in the ledger, and the log and the presence rows agree.
    expect(perMember.size).toBe(members);
    expect([...perMember.values()].every((n) => n === 1)).toBe(true);
    const { rows: present } = await sql<{ n: string }>`
      SELECT count(*) AS n FROM presence WHERE assembly_id = ${assemblyId} AND present`.execute(db);
    expect(Number(present[0]?.n)).toBe(members);
  });
});
