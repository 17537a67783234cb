import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  appendEntries,
  type CanonicalObject,
  GENESIS_HEAD,
  generateSigningKey,
  publicKeyToBase64,
  signingKeyFromSeed,
} from '@plenum/ledger';
import { type Bundle, bundleKey, signBundle, verifyBundle } from '@plenum/ledger/verify';
import type { FastifyInstance } from 'fastify';
import { type Kysely, sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../packages/ledger/src/verify/cli.ts';
import { buildApp } from '../src/app.ts';
import type { DB } from '../src/db/schema.ts';
import { systemRandom } from '../src/deps.ts';
import { runDemoAssembly } from '../src/modules/exports/demo-run.ts';
import { testConfig } from './support/app.ts';
import { bearer, staffToken } from './support/auth.ts';
import { testClock } from './support/clock.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

const key = signingKeyFromSeed(Buffer.alloc(32, 9));
/** What an auditor pins: the key published at /api/ledger/key, in the room and in the minutes. */
const PUBLISHED = { publicKey: publicKeyToBase64(key.publicKey) };

let database: TestDatabase;
let app: FastifyInstance;
let assemblyId: string;
let bundle: Bundle;

async function exportBundle(): Promise<Bundle> {
  const res = await app.inject({
    method: 'GET',
    url: `/api/assemblies/${assemblyId}/export/bundle.json`,
    headers: bearer(staffToken(app, 'auditor')),
  });
  expect(res.statusCode).toBe(200);
  return res.json() as Bundle;
}

/** As a superuser with the append-only triggers switched off, committed: what an insider could do. */
async function asSuperuser(edit: (trx: Kysely<DB>) => Promise<void>): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    await sql`SET LOCAL session_replication_role = replica`.execute(trx);
    await edit(trx);
  });
}

const one = async <T>(q: Promise<{ rows: T[] }>): Promise<T> => {
  const { rows } = await q;
  expect(rows).toHaveLength(1);
  return rows[0] as T;
};

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildApp({
    config: testConfig({ signingKeySeed: Buffer.alloc(32, 9).toString('base64') }),
    db: database,
    clock: testClock(),
    random: systemRandom,
    logger: pino({ level: 'silent' }),
  });
  assemblyId = await runDemoAssembly(app, database);
  bundle = await exportBundle();
}, 300_000);
afterAll(async () => {
  await app?.close();
  await database?.dispose();
});

describe('evidence binding', () => {
  it('the untouched demo bundle verifies against the pinned key, every fact bound', () => {
    const result = verifyBundle(bundle, PUBLISHED);
    expect(result.violations).toEqual([]);
    expect(result.pinned).toBe(true);
    // The demo exercises every kind of evidence this file tampers with.
    expect(bundle.proxies.some((p) => p.event === 'granted' && p.holderMemberId !== null)).toBe(true);
    expect(bundle.attendance.some((a) => a.event === 'check_in')).toBe(true);
    expect(bundle.agenda.some((i) => (i.candidates as unknown[]).length > 0)).toBe(true);
    expect(bundle.objections.length).toBeGreaterThan(0);
    const opened = bundle.ledger.entries.filter((e) => e.type === 'poll.opened');
    expect(opened.every((e) => typeof e.payload.registerRoot === 'string')).toBe(true);
  });

  it('evidence: editing a proxy, an attendance event, a roll entry, an agenda text or a candidate name in the database is caught on the next export', async () => {
    const candidate = bundle.agenda.flatMap((i) =>
      (i.candidates as { memberId: string; name: string }[]).map((c) => ({ item: String(i.id), ...c })),
    )[0] as { item: string; memberId: string; name: string };
    const poll = bundle.polls.find((p) => p.roll.some((r) => r.status === 'eligible')) as Bundle['polls'][0];
    const rollMember = poll.roll.find((r) => r.status === 'eligible')?.memberId as string;
    const item = bundle.agenda.find((i) => String(i.body) !== '') ?? bundle.agenda[0];
    const other = bundle.members[bundle.members.length - 1]?.id as string;

    const cases: {
      what: string;
      edit: (trx: Kysely<DB>) => Promise<() => Promise<void>>;
      expected: readonly string[];
      where: RegExp;
    }[] = [
      {
        what: 'proxy holder',
        edit: async (trx) => {
          const row = await one(
            sql<{ id: number; holder: string }>`
              SELECT id, holder_member_id AS holder FROM proxies
              WHERE assembly_id = ${assemblyId} AND event = 'granted' AND holder_member_id IS NOT NULL
              ORDER BY id LIMIT 1`.execute(trx),
          );
          await sql`UPDATE proxies SET holder_member_id = ${other} WHERE id = ${row.id}`.execute(trx);
          return () =>
            asSuperuser(async (t) => {
              await sql`UPDATE proxies SET holder_member_id = ${row.holder} WHERE id = ${row.id}`.execute(t);
            });
        },
        expected: ['evidence.proxy_mismatch'],
        where: /^(proxy \d+|seq \d+)$/,
      },
      {
        what: 'attendance channel',
        edit: async (trx) => {
          const row = await one(
            sql<{ id: number; channel: string }>`
              SELECT id, channel FROM attendance WHERE assembly_id = ${assemblyId} AND event = 'check_in'
              ORDER BY id LIMIT 1`.execute(trx),
          );
          const forged = row.channel === 'room' ? 'online' : 'room';
          await sql`UPDATE attendance SET channel = ${forged} WHERE id = ${row.id}`.execute(trx);
          return () =>
            asSuperuser(async (t) => {
              await sql`UPDATE attendance SET channel = ${row.channel} WHERE id = ${row.id}`.execute(t);
            });
        },
        expected: ['evidence.attendance_mismatch'],
        where: /^(attendance \d+|seq \d+)$/,
      },
      {
        what: 'roll entry (a weight)',
        edit: async (trx) => {
          await sql`UPDATE poll_roll SET votes = votes + 1 WHERE poll_id = ${poll.id} AND member_id = ${rollMember}`.execute(
            trx,
          );
          return () =>
            asSuperuser(async (t) => {
              await sql`UPDATE poll_roll SET votes = votes - 1 WHERE poll_id = ${poll.id} AND member_id = ${rollMember}`.execute(
                t,
              );
            });
        },
        expected: ['poll.roll_root'],
        where: new RegExp(`^poll ${poll.id}$`),
      },
      {
        what: 'agenda text',
        edit: async (trx) => {
          await sql`UPDATE agenda_items SET body = body || ' (nachträglich geändert)' WHERE id = ${item?.id}`.execute(
            trx,
          );
          return () =>
            asSuperuser(async (t) => {
              await sql`UPDATE agenda_items SET body = ${String(item?.body)} WHERE id = ${item?.id}`.execute(
                t,
              );
            });
        },
        expected: ['evidence.agenda_mismatch'],
        where: new RegExp(`^item ${item?.id}$`),
      },
      {
        what: 'candidate name',
        edit: async (trx) => {
          const row = await one(
            sql<{
              family: string;
            }>`SELECT family_name AS family FROM members WHERE id = ${candidate.memberId}`.execute(trx),
          );
          await sql`UPDATE members SET family_name = 'Fälscher' WHERE id = ${candidate.memberId}`.execute(
            trx,
          );
          return () =>
            asSuperuser(async (t) => {
              await sql`UPDATE members SET family_name = ${row.family} WHERE id = ${candidate.memberId}`.execute(
                t,
              );
            });
        },
        // The candidate's line, and the register's: the member row itself changed too.
        expected: ['evidence.candidate_mismatch', 'evidence.member_mismatch'],
        where: new RegExp(`^(item ${candidate.item} candidate ${candidate.memberId}|register)$`),
      },
    ];

    for (const c of cases) {
      let undo: () => Promise<void> = async () => {};
      await asSuperuser(async (trx) => {
        undo = await c.edit(trx);
      });
      const tampered = await exportBundle();
      const found = verifyBundle(tampered, PUBLISHED).violations;
      // The server signs what it has: the signature holds, the evidence does not.
      expect([...new Set(found.map((v) => v.code))].sort(), `${c.what}: ${JSON.stringify(found)}`).toEqual(
        [...c.expected].sort(),
      );
      for (const v of found) expect(v.where, `${c.what}: ${v.message}`).toMatch(c.where);
      await undo();
      expect(verifyBundle(await exportBundle(), PUBLISHED).violations, `${c.what} restored`).toEqual([]);
    }
  }, 120_000);

  it('evidence: editing a motion text after its recorded change, a proposer, a document’s bytes, a removed document or a candidate’s statement or photo is caught on the next export', async () => {
    type Doc = { id: string; sha256: string };
    const withDoc = bundle.agenda.find((i) => (i.documents as Doc[]).length > 0);
    const doc = ((withDoc?.documents ?? []) as Doc[])[0] as Doc;
    const motion = bundle.agenda.find((i) => i.kind === 'motion');
    // The demo writes the motion's text with a PATCH after adding the item: bound by agenda.item_updated.
    expect(
      bundle.ledger.entries.some((e) => e.type === 'agenda.item_updated' && e.payload.itemId === motion?.id),
    ).toBe(true);
    type Cand = { memberId: string; statement: string; photoSha256: string | null };
    const election = bundle.agenda.find((i) => (i.candidates as Cand[]).some((c) => c.photoSha256 !== null));
    const pictured = ((election?.candidates ?? []) as Cand[]).find((c) => c.photoSha256 !== null) as Cand;
    const candidateId = async (t: Kysely<DB>) =>
      (
        await one(
          sql<{
            id: string;
          }>`SELECT id FROM candidates WHERE agenda_item_id = ${election?.id} AND member_id = ${pictured.memberId}`.execute(
            t,
          ),
        )
      ).id;
    expect(verifyBundle(bundle, PUBLISHED).violations).toEqual([]);
    const cases: {
      what: string;
      edit: (trx: Kysely<DB>) => Promise<() => Promise<void>>;
      expected: string[];
      where: RegExp;
    }[] = [
      {
        what: 'motion text after its recorded change',
        edit: async (trx) => {
          await sql`UPDATE agenda_items SET body = body || ' und eine Dividende auszuschütten' WHERE id = ${motion?.id}`.execute(
            trx,
          );
          return () =>
            asSuperuser(async (t) => {
              await sql`UPDATE agenda_items SET body = ${String(motion?.body)} WHERE id = ${motion?.id}`.execute(
                t,
              );
            });
        },
        expected: ['evidence.agenda_mismatch'],
        where: new RegExp(`^item ${motion?.id}$`),
      },
      {
        what: 'proposer',
        edit: async (trx) => {
          await sql`UPDATE agenda_items SET proposer = 'Aufsichtsrat' WHERE id = ${withDoc?.id}`.execute(trx);
          return () =>
            asSuperuser(async (t) => {
              await sql`UPDATE agenda_items SET proposer = ${String(withDoc?.proposer)} WHERE id = ${withDoc?.id}`.execute(
                t,
              );
            });
        },
        expected: ['evidence.agenda_mismatch'],
        where: new RegExp(`^item ${withDoc?.id}$`),
      },
      {
        what: 'document bytes',
        edit: async (trx) => {
          const row = await one(
            sql<{ content: Buffer }>`SELECT content FROM documents WHERE id = ${doc.id}`.execute(trx),
          );
          const forged = Buffer.from(row.content);
          forged[forged.length - 10] = 0x30;
          await sql`UPDATE documents SET content = ${forged} WHERE id = ${doc.id}`.execute(trx);
          return () =>
            asSuperuser(async (t) => {
              await sql`UPDATE documents SET content = ${row.content} WHERE id = ${doc.id}`.execute(t);
            });
        },
        expected: ['evidence.document_mismatch'],
        where: new RegExp(`^item ${withDoc?.id} document ${doc.id}$`),
      },
      {
        what: 'removed document',
        edit: async (trx) => {
          const { rows } = await sql<
            Record<string, unknown>
          >`SELECT * FROM documents WHERE id = ${doc.id}`.execute(trx);
          await sql`DELETE FROM documents WHERE id = ${doc.id}`.execute(trx);
          return () =>
            asSuperuser(async (t) => {
              const r = rows[0] as Record<string, unknown>;
              await t
                .insertInto('documents')
                .values(r as never)
                .execute();
            });
        },
        expected: ['evidence.document_mismatch'],
        where: /^seq \d+$/,
      },
      {
        what: 'candidate statement',
        edit: async (trx) => {
          const id = await candidateId(trx);
          await sql`UPDATE candidates SET statement = 'Ich verspreche eine Dividende.' WHERE id = ${id}`.execute(
            trx,
          );
          return () =>
            asSuperuser(async (t) => {
              await sql`UPDATE candidates SET statement = ${pictured.statement} WHERE id = ${id}`.execute(t);
            });
        },
        expected: ['evidence.candidate_mismatch'],
        where: new RegExp(`^item ${election?.id} candidate ${pictured.memberId}$`),
      },
      {
        what: 'candidate photo',
        edit: async (trx) => {
          const id = await candidateId(trx);
          const row = await one(
            sql<{ content: Buffer }>`SELECT content FROM candidate_photos WHERE candidate_id = ${id}`.execute(
              trx,
            ),
          );
          await sql`UPDATE candidate_photos SET content = ${Buffer.concat([row.content, Buffer.from([0])])}, size = size + 1 WHERE candidate_id = ${id}`.execute(
            trx,
          );
          return () =>
            asSuperuser(async (t) => {
              await sql`UPDATE candidate_photos SET content = ${row.content}, size = size - 1 WHERE candidate_id = ${id}`.execute(
                t,
              );
            });
        },
        expected: ['evidence.candidate_mismatch'],
        where: new RegExp(`^item ${election?.id} candidate ${pictured.memberId}$`),
      },
    ];
    for (const c of cases) {
      let undo: () => Promise<void> = async () => {};
      await asSuperuser(async (trx) => {
        undo = await c.edit(trx);
      });
      const found = verifyBundle(await exportBundle(), PUBLISHED).violations;
      expect([...new Set(found.map((v) => v.code))].sort(), `${c.what}: ${JSON.stringify(found)}`).toEqual(
        [...c.expected].sort(),
      );
      for (const v of found) expect(v.where, `${c.what}: ${v.message}`).toMatch(c.where);
      await undo();
      expect(verifyBundle(await exportBundle(), PUBLISHED).violations, `${c.what} restored`).toEqual([]);
    }
  }, 120_000);

  it('evidence: editing an objection, a declaration, a poll threshold, the chair’s name or the register in the database is caught on the next export', async () => {
    const objection = bundle.objections[0] as { id: string; text: string };
    const declaration = bundle.polls.flatMap((p) => p.declarations)[0] as { id: string; declaredBy: string };
    const member = bundle.members[10] as { id: string; memberNumber: string };
    const poll = bundle.polls[0] as Bundle['polls'][number];
    const cases: { edit: () => Promise<void>; undo: () => Promise<void>; code: string; where: string }[] = [
      {
        edit: () =>
          asSuperuser(async (t) => {
            await sql`UPDATE objections SET text = 'zurückgezogen' WHERE id = ${objection.id}`.execute(t);
          }),
        undo: () =>
          asSuperuser(async (t) => {
            await sql`UPDATE objections SET text = ${objection.text} WHERE id = ${objection.id}`.execute(t);
          }),
        code: 'evidence.objection_mismatch',
        where: `objection ${objection.id}`,
      },
      {
        edit: () =>
          asSuperuser(async (t) => {
            await sql`UPDATE declarations SET declared_by = 'someone else' WHERE id = ${declaration.id}`.execute(
              t,
            );
          }),
        undo: () =>
          asSuperuser(async (t) => {
            await sql`UPDATE declarations SET declared_by = ${declaration.declaredBy} WHERE id = ${declaration.id}`.execute(
              t,
            );
          }),
        code: 'evidence.declaration_mismatch',
        where: 'poll ',
      },
      {
        edit: () =>
          asSuperuser(async (t) => {
            await sql`UPDATE members SET member_number = 'X9999' WHERE id = ${member.id}`.execute(t);
          }),
        undo: () =>
          asSuperuser(async (t) => {
            await sql`UPDATE members SET member_number = ${member.memberNumber} WHERE id = ${member.id}`.execute(
              t,
            );
          }),
        code: 'evidence.member_mismatch',
        where: 'register',
      },
      {
        // The minutes print the majority required; the recount uses the recorded one.
        edit: () =>
          asSuperuser(async (t) => {
            await sql`UPDATE polls SET threshold_num = threshold_den WHERE id = ${poll.id}`.execute(t);
          }),
        undo: () =>
          asSuperuser(async (t) => {
            await sql`UPDATE polls SET threshold_num = ${poll.threshold.num} WHERE id = ${poll.id}`.execute(
              t,
            );
          }),
        code: 'evidence.poll_mismatch',
        where: `poll ${poll.id}`,
      },
      {
        edit: () =>
          asSuperuser(async (t) => {
            await sql`UPDATE assemblies SET chair_name = 'Jemand anderes' WHERE id = ${assemblyId}`.execute(
              t,
            );
          }),
        undo: () =>
          asSuperuser(async (t) => {
            await sql`UPDATE assemblies SET chair_name = ${String(bundle.assembly.chairName)} WHERE id = ${assemblyId}`.execute(
              t,
            );
          }),
        code: 'evidence.assembly_mismatch',
        where: `assembly ${assemblyId}`,
      },
    ];
    for (const c of cases) {
      await c.edit();
      const found = verifyBundle(await exportBundle(), PUBLISHED).violations;
      expect(found.map((v) => v.code)).toEqual([c.code]);
      expect(found[0]?.where.startsWith(c.where)).toBe(true);
      await c.undo();
    }
    expect(verifyBundle(await exportBundle(), PUBLISHED).violations).toEqual([]);
  }, 120_000);

  it('lifecycle: the demo is convened, opened and closed in the ledger, which verifies; a status or convening edited in the database is caught', async () => {
    const steps = bundle.ledger.entries
      .filter(
        (e) =>
          e.assemblyId === assemblyId &&
          ['assembly.convened', 'assembly.opened', 'assembly.closed'].includes(e.type),
      )
      .map((e) => e.type);
    expect(steps).toEqual(['assembly.convened', 'assembly.opened', 'assembly.closed']);
    expect(bundle.assembly).toMatchObject({
      status: 'closed',
      convening: { invitedOn: '2026-05-20', channel: 'text_form_to_each_member' },
    });
    const cases: { sql: string; undo: string }[] = [
      {
        sql: `UPDATE assemblies SET status = 'open', closed_at = NULL WHERE id = '${assemblyId}'`,
        undo: `UPDATE assemblies SET status = 'closed', closed_at = now() WHERE id = '${assemblyId}'`,
      },
      {
        sql: `UPDATE assemblies SET invited_on = '2026-06-15' WHERE id = '${assemblyId}'`,
        undo: `UPDATE assemblies SET invited_on = '2026-05-20' WHERE id = '${assemblyId}'`,
      },
    ];
    for (const c of cases) {
      await asSuperuser(async (t) => {
        await sql.raw(c.sql).execute(t);
      });
      const found = verifyBundle(await exportBundle(), PUBLISHED).violations;
      expect(found.map((v) => v.code)).toEqual(['evidence.lifecycle_mismatch']);
      await asSuperuser(async (t) => {
        await sql.raw(c.undo).execute(t);
      });
    }
    expect(verifyBundle(await exportBundle(), PUBLISHED).violations).toEqual([]);
  });

  it('evidence: a bundle re-signed with another key fails against the pinned fingerprint', () => {
    const published = bundle.key.fingerprint;
    const forger = generateSigningKey();
    // The forger edits an attendance channel in the file and signs it all again with their key.
    const { signature: _s, ...unsigned } = structuredClone(bundle) as Bundle;
    const attendance = unsigned.attendance.map((a, i) =>
      i === 0 ? { ...a, channel: a.channel === 'room' ? 'online' : 'room' } : a,
    );
    const forged = signBundle(forger.privateKey, {
      ...unsigned,
      attendance,
      key: bundleKey(forger.publicKey),
    });
    const pinned = verifyBundle(forged, { fingerprint: published }).violations.map((v) => v.code);
    expect(pinned).toContain('signature.key_mismatch');
    expect(pinned).toContain('evidence.attendance_mismatch');
    // Re-signed but otherwise faithful: internally consistent, caught only by the pin.
    const faithful = signBundle(forger.privateKey, { ...unsigned, key: bundleKey(forger.publicKey) });
    const unpinned = verifyBundle(faithful);
    expect(unpinned.ok).toBe(true);
    expect(unpinned.pinned).toBe(false);
    expect(verifyBundle(faithful, { fingerprint: published }).violations.map((v) => v.code)).toEqual([
      'signature.key_mismatch',
    ]);
    expect(verifyBundle(faithful, PUBLISHED).violations.map((v) => v.code)).toEqual([
      'signature.key_mismatch',
    ]);
    // Keeping the published fingerprint as text next to the forger's key does not help: the
    // verifier computes the fingerprint of the key the signature verifies with.
    const disguised = signBundle(forger.privateKey, {
      ...unsigned,
      key: { ...bundleKey(forger.publicKey), fingerprint: published },
    });
    expect(
      verifyBundle(disguised, { fingerprint: published })
        .violations.map((v) => v.code)
        .sort(),
    ).toEqual(['signature.key_invalid', 'signature.key_mismatch']);
  });
});

describe('published heads', () => {
  it('evidence: a chain rewritten consistently and signed with the real key is caught by the head published in the room', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/assemblies/${assemblyId}/evidence` });
    const noted = (res.json() as { declared: { seq: number; hash: string }[] }).declared.map((d) => ({
      seq: d.seq,
      hash: d.hash.slice(0, 16),
    }));
    expect(noted.length).toBeGreaterThan(0);
    // An insider with the database and the signing key turns a room check-in into an online one,
    // everywhere: the table, the ledger entry, every later hash, the head, and signs again.
    const { signature: _s, ...unsigned } = structuredClone(bundle) as Bundle;
    const index = unsigned.ledger.entries.findIndex((e) => e.type === 'attendance.chained');
    const target = unsigned.ledger.entries[index] as Bundle['ledger']['entries'][number];
    const batch = target.payload.events as CanonicalObject[];
    const checkIn = batch.find((x) => x.event === 'check_in') as CanonicalObject;
    const forgedChannel = checkIn.channel === 'room' ? 'online' : 'room';
    const forgedBatch = batch.map((x) => (x === checkIn ? { ...x, channel: forgedChannel } : x));
    const rewritten = appendEntries(
      GENESIS_HEAD,
      unsigned.ledger.entries.map(({ prevHash: _p, hash: _h, seq: _q, ...e }, i) =>
        i === index ? { ...e, payload: { ...e.payload, events: forgedBatch } } : e,
      ),
    );
    const row = unsigned.attendance.findIndex(
      (a) => a.memberId === checkIn.memberId && a.event === 'check_in' && a.at === checkIn.at,
    );
    const forged = signBundle(key.privateKey, {
      ...unsigned,
      attendance: unsigned.attendance.map((a, i) => (i === row ? { ...a, channel: forgedChannel } : a)),
      ledger: { head: rewritten.head, entries: rewritten.entries },
    });
    // Pinned to the right key, the forgery is internally flawless …
    expect(verifyBundle(forged, PUBLISHED).violations).toEqual([]);
    // … but its heads are not the ones the room saw after each declared result.
    const found = verifyBundle(forged, { ...PUBLISHED, heads: noted }).violations;
    expect(found.length).toBe(noted.length);
    expect(found.every((v) => v.code === 'chain.published_head')).toBe(true);
    // The genuine bundle matches every noted head.
    expect(verifyBundle(bundle, { ...PUBLISHED, heads: noted }).violations).toEqual([]);

    const dir = mkdtempSync(join(tmpdir(), 'plenum-heads-'));
    writeFileSync(join(dir, 'forged.json'), JSON.stringify(forged));
    writeFileSync(join(dir, 'genuine.json'), JSON.stringify(bundle));
    const last = noted.at(-1) as { seq: number; hash: string };
    const head = ['--head', `${last.seq}:${(last.hash.match(/.{4}/g) ?? []).join(' ')}`];
    const out: string[] = [];
    const sink = (line: string) => out.push(line);
    const fp = ['--fingerprint', bundle.key.fingerprint];
    expect(main([...fp, ...head, join(dir, 'genuine.json')], sink, sink)).toBe(0);
    expect(main([...fp, join(dir, 'forged.json')], sink, sink)).toBe(0);
    expect(main([...fp, ...head, join(dir, 'forged.json')], sink, sink)).toBe(1);
    expect(out.join('\n')).toContain(`chain.published_head seq ${last.seq}:`);
    expect(main([...fp, '--head', 'nonsense', join(dir, 'genuine.json')], sink, sink)).toBe(2);
  });
});

describe('plenum-verify: key pinning', () => {
  it('exits 3 without a key, 0 pinned by --fingerprint or --key, 1 on another fingerprint', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plenum-evidence-'));
    const file = join(dir, 'bundle.json');
    writeFileSync(file, JSON.stringify(bundle));
    const forger = generateSigningKey();
    const { signature: _s, ...unsigned } = bundle;
    const forgedFile = join(dir, 'forged.json');
    writeFileSync(
      forgedFile,
      JSON.stringify(signBundle(forger.privateKey, { ...unsigned, key: bundleKey(forger.publicKey) })),
    );
    const out: string[] = [];
    const sink = (line: string) => out.push(line);
    const fp = bundle.key.fingerprint;
    expect(main([file], sink, sink)).toBe(3);
    expect(out.join('\n')).toMatch(/UNPINNED: NO KEY GIVEN — ONLY INTERNAL CONSISTENCY WAS CHECKED/);
    expect(main([forgedFile], sink, sink)).toBe(3);
    out.length = 0;
    expect(main(['--fingerprint', fp, file], sink, sink)).toBe(0);
    expect(out[0]).toMatch(/^OK /);
    // Then the head after each declared result, to compare with what the room noted.
    const declared = bundle.ledger.entries.filter((e) => e.type === 'poll.declared');
    expect(out.slice(1)).toEqual(
      declared.map((e) => `  declared ${String(e.payload.pollId)}: head seq ${e.seq} ${e.hash}`),
    );
    // Grouped and upper case, as read off the projector.
    const grouped = (fp.toUpperCase().match(/.{4}/g) ?? []).join(' ');
    expect(main(['--fingerprint', grouped, file], sink, sink)).toBe(0);
    expect(main(['--key', PUBLISHED.publicKey, file], sink, sink)).toBe(0);
    out.length = 0;
    expect(main(['--fingerprint', fp, forgedFile], sink, sink)).toBe(1);
    expect(out.join('\n')).toContain('signature.key_mismatch key:');
    expect(main(['--fingerprint', 'abc', file], sink, sink)).toBe(1);
    expect(main(['--fingerprint'], sink, sink)).toBe(2);
    expect(main([file, '--fingerprint'], sink, sink)).toBe(2);
  });
});

describe('GET /api/assemblies/:id/evidence', () => {
  it('is public and names the key and the chain head after each declared result', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/assemblies/${assemblyId}/evidence` });
    expect(res.statusCode).toBe(200);
    const body = res.json() as {
      key: { fingerprint: string; publicKey: string };
      declared: { pollId: string; declarationId: string; seq: number; hash: string }[];
      latest: { seq: number; hash: string } | null;
    };
    expect(body.key.fingerprint).toBe(bundle.key.fingerprint);
    expect(body.key.publicKey).toBe(PUBLISHED.publicKey);
    const declaredEntries = bundle.ledger.entries.filter(
      (e) => e.type === 'poll.declared' && e.assemblyId === assemblyId,
    );
    expect(declaredEntries.length).toBeGreaterThan(1);
    expect(body.declared.map((d) => [d.seq, d.hash, d.declarationId])).toEqual(
      declaredEntries.map((e) => [e.seq, e.hash, e.payload.declarationId]),
    );
    expect(body.latest).toEqual(body.declared.at(-1));
    // The minutes print the same head under each resolution.
    const html = await app.inject({
      method: 'GET',
      url: `/api/assemblies/${assemblyId}/export/minutes.html?lang=en`,
      headers: bearer(staffToken(app, 'auditor')),
    });
    for (const d of body.declared) expect(html.body).toContain(d.hash);
    expect(html.body).toContain('Chain head after the declaration');
    expect(html.body).toContain(bundle.key.fingerprint);
  });

  it('answers 404 for an unknown assembly and 400 for a malformed id', async () => {
    const missing = await app.inject({
      method: 'GET',
      url: '/api/assemblies/00000000-0000-4000-8000-000000000000/evidence',
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('assembly.not_found');
    const bad = await app.inject({ method: 'GET', url: '/api/assemblies/not-an-id/evidence' });
    expect(bad.statusCode).toBe(400);
  });
});
