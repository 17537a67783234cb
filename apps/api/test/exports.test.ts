import { createHash, verify } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalString, signingKeyFromSeed } from '@plenum/ledger';
import {
  type Bundle,
  bundleDigest,
  bundleDigestMessage,
  bundleSigningBytes,
  formatViolation,
  signBundle,
  verifyBundle,
} from '@plenum/ledger/verify';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { systemRandom } from '../src/deps.ts';
import { buildBundle, streamBundle } from '../src/modules/exports/bundle.service.ts';
import { resultsCsv } from '../src/modules/exports/csv.ts';
import { runDemoAssembly } from '../src/modules/exports/demo-run.ts';
import { testConfig } from './support/app.ts';
import { bearer, staffToken } from './support/auth.ts';
import { testClock } from './support/clock.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

const SEED = Buffer.alloc(32, 7).toString('base64');
const key = signingKeyFromSeed(Buffer.alloc(32, 7));

let database: TestDatabase;
let app: FastifyInstance;
let assemblyId: string;
let bundle: Bundle;

const get = (url: string, token?: string) =>
  app.inject({ method: 'GET', url, headers: token ? bearer(token) : {} });
const exportUrl = (file: string) => `/api/assemblies/${assemblyId}/export/${file}`;
async function exportBundle(): Promise<Bundle> {
  const res = await get(exportUrl('bundle.json'), staffToken(app, 'auditor'));
  expect(res.statusCode).toBe(200);
  return res.json() as Bundle;
}
const lines = (b: Bundle) => verifyBundle(b).violations.map(formatViolation);
const codes = (b: Bundle) => verifyBundle(b).violations.map((v) => v.code);
/** A tampering server holds the key: re-signing shows the verifier needs no signature to catch it. */
const resign = (b: Bundle) => signBundle(key.privateKey, b);
const clone = () => structuredClone(bundle) as { -readonly [K in keyof Bundle]: Bundle[K] } & Bundle;
const pollOf = (b: Bundle, kind: string) =>
  b.polls.find((p) => p.itemKind === kind) as Bundle['polls'][number];

beforeAll(async () => {
  database = await createTestDatabase();
  // Real randomness: the counter source of buildTestApp repeats after 256 bytes, and a demo of
  // 415 ballots needs distinct ballot ids and receipt codes.
  app = await buildApp({
    config: testConfig({ signingKeySeed: SEED }),
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

describe('export bundle and plenum-verify', () => {
  it('the verifier accepts the demo bundle', () => {
    expect(lines(bundle)).toEqual([]);
    expect(bundle.format).toBe('plenum.bundle.v1');
    expect(bundle.polls.some((p) => p.secret && p.ballots.every((x) => x.choice.m === undefined))).toBe(true);
    const secret = pollOf(bundle, 'supervisory_board_election');
    expect(secret.ballots.map((x) => x.ballotId)).toEqual([...secret.ballots.map((x) => x.ballotId)].sort());
  });

  it('rejects a changed ballot choice', () => {
    const b = clone();
    const poll = pollOf(b, 'annual_accounts');
    const ballot = poll.ballots.find((x) => x.choice.v === 'yes') as { choice: Record<string, unknown> };
    ballot.choice.v = 'no';
    const found = codes(resign(b));
    expect(found).toContain('poll.ballots_root');
    expect(found).toContain('poll.tally_mismatch');
  });

  it('rejects a deleted ballot', () => {
    const b = clone();
    (pollOf(b, 'motion').ballots as unknown[]).pop();
    const found = codes(resign(b));
    expect(found).toContain('poll.count_mismatch');
    expect(found).toContain('poll.ballots_root');
    expect(found).toContain('poll.participation_mismatch');
  });

  it('rejects an added ballot', () => {
    const b = clone();
    const poll = pollOf(b, 'motion');
    (poll.ballots as unknown[]).push({
      ballotId: 'ffffffff-ffff-4fff-8fff-ffffffffffff',
      choice: { v: 'yes', w: 1, m: poll.participation[0]?.memberId },
    });
    const found = codes(resign(b));
    expect(found).toContain('poll.ballots_root');
    expect(found).toContain('poll.duplicate_voter');
  });

  it('rejects a reordered ledger', () => {
    const b = clone();
    const entries = b.ledger.entries as unknown[];
    [entries[10], entries[11]] = [entries[11], entries[10]];
    const found = codes(resign(b));
    expect(found).toContain('chain.seq_gap');
    expect(found).toContain('chain.prev_mismatch');
  });

  it('rejects a changed result', () => {
    const b = clone();
    // The members' motion, which was rejected: the bundle now claims it passed.
    const poll = b.polls.find(
      (p) => p.itemKind === 'motion' && (p.tally as { passed?: boolean } | null)?.passed === false,
    ) as { tally: Record<string, unknown> | null; id: string };
    poll.tally = { ...(poll.tally ?? {}), passed: true, reason: 'majority.reached' };
    expect(lines(resign(b))).toContain(
      `poll.tally_altered poll ${poll.id}: the result in the bundle differs from the one recorded in ledger entry ${closedSeq(b, poll.id)}`,
    );
  });

  it('rejects a participation without a ballot', () => {
    const b = clone();
    const poll = pollOf(b, 'annual_accounts');
    const absent = poll.roll.find(
      (r) => r.status === 'eligible' && !poll.participation.some((p) => p.memberId === r.memberId),
    );
    const ballots = poll.ballots.length;
    (poll.participation as unknown[]).push({ memberId: absent?.memberId, channel: 'online', castBy: null });
    const found = lines(resign(b));
    expect(found).toContain(
      `poll.participation_mismatch poll ${poll.id}: ${ballots + 1} participants but ${ballots} ballots`,
    );
    expect(codes(resign(b))).toContain('poll.participation_root');
  });

  it('R10: rejects a ballot from an excluded member', () => {
    const b = clone();
    const poll = pollOf(b, 'discharge_management_board');
    const excluded = poll.roll.find((r) => r.status === 'excluded');
    const ballot = poll.ballots[0] as { choice: Record<string, unknown>; ballotId: string };
    ballot.choice.m = excluded?.memberId;
    const found = lines(resign(b));
    expect(found).toContain(
      `poll.excluded_ballot poll ${poll.id}: ballot ${ballot.ballotId} is from member ${excluded?.memberId}, who is excluded (exclusion.body_member_in_period)`,
    );
  });

  it('rejects a bad signature', () => {
    const b = { ...bundle, generatedAt: '2030-01-01T00:00:00.000Z' };
    expect(lines(b)).toEqual([
      `signature.invalid bundle: the Ed25519 signature does not verify with key ${bundle.key.fingerprint}`,
    ]);
  });

  it('catches tampering done in the database with the triggers disabled, on the next export', async () => {
    const poll = pollOf(bundle, 'discharge_supervisory_board');
    await database.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL session_replication_role = replica`.execute(trx);
      const yes = await sql<{
        id: string;
      }>`SELECT id FROM ballots WHERE poll_id = ${poll.id} AND choice = '"yes"'::jsonb LIMIT 1`.execute(trx);
      await sql`UPDATE ballots SET choice = '"no"'::jsonb WHERE id = ${yes.rows[0]?.id}`.execute(trx);
      await sql`DELETE FROM ballots WHERE id = (SELECT id FROM ballots WHERE poll_id = ${poll.id} AND choice = '"abstain"'::jsonb LIMIT 1)`.execute(
        trx,
      );
    });
    const tampered = await exportBundle();
    const found = verifyBundle(tampered).violations;
    expect(found.map((v) => v.code)).toEqual(
      expect.arrayContaining([
        'poll.participation_mismatch',
        'poll.ballots_root',
        'poll.count_mismatch',
        'poll.tally_mismatch',
      ]),
    );
    expect(found.every((v) => v.where === `poll ${poll.id}`)).toBe(true);
    // The bundle is still validly signed: the server signs what it has, the chain exposes the change.
    expect(found.map((v) => v.code)).not.toContain('signature.invalid');
  });

  it('the CLI exits 0 on the demo bundle pinned to the key, 1 on violations, 2 on an unreadable file, 3 unpinned', async () => {
    const { main } = await import('../../../packages/ledger/src/verify/cli.ts');
    const dir = mkdtempSync(join(tmpdir(), 'plenum-verify-'));
    writeFileSync(join(dir, 'ok.json'), JSON.stringify(bundle));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...bundle, signature: '00'.repeat(64) }));
    const out: string[] = [];
    const sink = (line: string) => out.push(line);
    const pin = ['--key', bundle.key.publicKey];
    expect(main([...pin, join(dir, 'ok.json')], sink, sink)).toBe(0);
    expect(out[0]).toMatch(/^OK /);
    expect(main([...pin, join(dir, 'bad.json')], sink, sink)).toBe(1);
    expect(main([join(dir, 'bad.json')], sink, sink)).toBe(1);
    expect(main([...pin, join(dir, 'missing.json')], sink, sink)).toBe(2);
    expect(main([], sink, sink)).toBe(2);
    expect(main([join(dir, 'ok.json')], sink, sink)).toBe(3);
  });
});

describe('the streamed export', () => {
  const now = new Date('2026-06-01T12:00:00.000Z');
  async function streamed(batch: number, sink?: (chunk: Buffer) => Promise<void>): Promise<string> {
    const chunks: Buffer[] = [];
    await streamBundle(database.db, assemblyId, key, now, sink ?? (async (c) => void chunks.push(c)), batch);
    return Buffer.concat(chunks).toString('utf8');
  }

  it('R27, R28: writes byte for byte the canonical bundle built in memory (records, attendance list, ledger), signature included, whatever the page size', async () => {
    const built = await buildBundle(database.db, assemblyId, key, now);
    expect(built.polls.some((p) => p.ballots.length > 7 && p.roll.length > 7)).toBe(true);
    expect(built.annexes.attendanceList).not.toEqual([]);
    const expected = `${canonicalString(built)}\n`;
    for (const batch of [1, 7, 2_000]) expect(await streamed(batch)).toBe(expected);
  });

  it('GET bundle.json is the canonical text of the bundle it holds, and verifies pinned to the key', async () => {
    const res = await get(exportUrl('bundle.json'), staffToken(app, 'auditor'));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('bundle.json');
    const exported = res.json() as Bundle;
    expect(res.body).toBe(`${canonicalString(exported)}\n`);
    expect(exported.schemaVersion).toBe(2);
    // The tampering test above changed ballots behind the ledger's back: the file shows exactly
    // what the bundle built in memory shows, and its signature holds against the pinned key.
    const result = verifyBundle(exported, { publicKey: bundle.key.publicKey });
    const built = await buildBundle(database.db, assemblyId, key, new Date(exported.generatedAt));
    expect(result.violations.map(formatViolation)).toEqual(lines(built));
    expect(result.violations.map((v) => v.code)).not.toContain('signature.invalid');
    expect(result.pinned).toBe(true);
  });

  it('signs the digest: any changed byte of the signed part breaks the signature, re-signed it verifies', () => {
    const changed = { ...bundle, generatedAt: '2030-01-01T00:00:00.000Z' };
    expect(codes(changed)).toEqual(['signature.invalid']);
    expect(codes(resign(changed))).toEqual([]);
    // The signature is over canonical({format, schemaVersion: 2, sha256}) and nothing else.
    const message = bundleDigestMessage(bundleDigest(bundle));
    expect(verify(null, message, key.publicKey, Buffer.from(bundle.signature, 'hex'))).toBe(true);
    expect(bundleDigest(bundle)).toBe(createHash('sha256').update(bundleSigningBytes(bundle)).digest('hex'));
  });

  it('still verifies a version-1 bundle (signed over its bytes), and a version-2 signature does not pass as version 1', () => {
    const v1 = signBundle(key.privateKey, { ...bundle, schemaVersion: 1 });
    expect(v1.signature).not.toBe(bundle.signature);
    expect(verifyBundle(v1, { publicKey: bundle.key.publicKey }).violations).toEqual([]);
    expect(codes({ ...bundle, schemaVersion: 1 })).toEqual(['signature.invalid']);
    expect(codes({ ...v1, schemaVersion: 2 })).toEqual(['signature.invalid']);
    expect(codes({ ...bundle, schemaVersion: 3 })).toContain('bundle.format');
  });

  it('a download broken off mid-way ends its transaction: twenty of them, then a whole export still works', async () => {
    for (let i = 0; i < 20; i++) {
      let chunks = 0;
      const failing = async () => {
        if (++chunks === 2) throw new Error('the client went away');
      };
      await expect(streamed(50, failing)).rejects.toThrow('the client went away');
    }
    const open = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`.execute(
      database.db,
    );
    expect(open.rows[0]?.n).toBe(0);
    expect(JSON.parse(await streamed(2_000)).signature).toMatch(/^[0-9a-f]{128}$/);
  });

  it('refuses an unknown assembly before writing anything', async () => {
    const chunks: Buffer[] = [];
    await expect(
      streamBundle(database.db, '00000000-0000-4000-8000-000000000000', key, now, async (c) => {
        chunks.push(c);
      }),
    ).rejects.toMatchObject({ code: 'assembly.not_found' });
    expect(chunks).toEqual([]);
  });
});

function closedSeq(b: Bundle, pollId: string): number {
  return b.ledger.entries.find((e) => e.type === 'poll.closed' && e.payload.pollId === pollId)?.seq ?? -1;
}

describe('export routes', () => {
  it('GET /api/ledger/key is public and names the configured key', async () => {
    const res = await get('/api/ledger/key');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      algorithm: 'Ed25519',
      publicKey: bundle.key.publicKey,
      fingerprint: bundle.key.fingerprint,
    });
  });

  it('GET /api/ledger/head answers the head for auditors', async () => {
    const res = await get('/api/ledger/head', staffToken(app, 'chair'));
    expect(res.statusCode).toBe(200);
    expect(res.json().seq).toBeGreaterThanOrEqual(bundle.ledger.head.seq);
  });

  it('CSV files neutralise formulas and use German or English headers', async () => {
    const de = await get(`${exportUrl('results.csv')}?lang=de`, staffToken(app, 'auditor'));
    expect(de.statusCode).toBe(200);
    expect(de.headers['content-type']).toContain('text/csv');
    expect(de.body).toContain('"TOP";"Titel"');
    const en = await get(`${exportUrl('proxies.csv')}?lang=en`, staffToken(app, 'admin'));
    expect(en.body).toContain('"Grant","Principal no."');
    const att = await get(`${exportUrl('attendance.csv')}?lang=de`, staffToken(app, 'auditor'));
    expect(att.body.split('\r\n').length).toBeGreaterThan(60);
  });

  it('R27: results.csv states every figure of the minutes: votes per candidate, words and local times in the file language', async () => {
    const rowsOf = (body: string, sep: string) =>
      body
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n')
        .map((line) => line.slice(1, -1).split(`"${sep}"`));
    const de = rowsOf(resultsCsv(bundle, 'de'), ';');
    const header = de[0] ?? [];
    const col = (name: string) => header.indexOf(name);
    const elections = bundle.polls.filter((p) => p.kind === 'election');
    const tallies = elections.map((p) => (p.tally as { votes?: { votes: number }[] }).votes ?? []);
    const candidates = tallies.reduce((n, votes) => n + Math.max(votes.length, 1), 0);
    const electionRows = de.filter((r) => r[col('Art')] === 'Wahl');
    expect(candidates).toBeGreaterThan(1);
    expect(electionRows).toHaveLength(candidates);
    for (const r of electionRows) {
      expect(r[col('Kandidat/in')]).not.toBe('');
      expect(Number(r[col('Stimmen')])).toBeGreaterThanOrEqual(0);
      expect(['ja', 'nein', 'ja (durch Los)']).toContain(r[col('gewählt')]);
    }
    const totals = electionRows.reduce((sum, r) => sum + Number(r[col('Stimmen')]), 0);
    const tallied = tallies.flat().reduce((sum, v) => sum + v.votes, 0);
    expect(totals).toBe(tallied);
    // No internal words in the German file; times carry the cooperative's time zone (June: CEST).
    for (const r of de.slice(1)) {
      for (const cell of r) expect(cell).not.toMatch(/^(majority|election|true|false|passed|failed)$/);
      expect(['ja', 'nein']).toContain(r[col('geheim')]);
      if (r[col('festgestellt am')]) expect(r[col('festgestellt am')]).toMatch(/MESZ$/);
    }
    const en = rowsOf(resultsCsv(bundle, 'en'), ',');
    expect(en[0]).toContain('Candidate');
    expect(en.filter((r) => r[3] === 'election')).toHaveLength(candidates);
    expect(en.slice(1).some((r) => /CEST$/.test(r[en[0]?.indexOf('Declared at') ?? -1] ?? ''))).toBe(true);

    // A first round that filled one of two seats and sent the other to a run-off is not "rejected".
    const b = clone();
    const poll = pollOf(b, 'supervisory_board_election') as unknown as {
      agendaItemId: string;
      round: number;
      tally: Record<string, unknown>;
      declarations: { outcome: string }[];
    };
    const position = String(b.agenda.find((i) => i.id === poll.agendaItemId)?.position);
    const votes = (poll.tally.votes as { candidateId: string }[]) ?? [];
    poll.tally = {
      ...poll.tally,
      elected: [{ candidateId: votes[0]?.candidateId, byLot: false }],
      nextRoundCandidates: votes.slice(1, 3).map((v) => v.candidateId),
    };
    for (const d of poll.declarations) d.outcome = 'failed';
    const round = rowsOf(resultsCsv(b, 'de'), ';').filter(
      (r) => r[col('TOP')] === position && r[col('Wahlgang')] === String(poll.round),
    );
    expect(round.length).toBe(votes.length);
    expect(round.map((r) => r[col('festgestellt')])).toEqual(round.map(() => 'nicht alle Sitze besetzt'));
    expect(round.filter((r) => r[col('gewählt')] === 'ja')).toHaveLength(1);
  });

  it('minutes come as HTML (escaped) and PDF in both languages', async () => {
    const html = await get(`${exportUrl('minutes.html')}?lang=de`, staffToken(app, 'auditor'));
    expect(html.body).toContain('Niederschrift');
    expect(html.body).toContain(bundle.ledger.head.hash.slice(0, 16));
    expect(html.body).toContain('Versammlungsleiter/in');
    // The debate on the demo motion: the point of order was called first, then the others in turn.
    const speakers = html.body.slice(html.body.indexOf('Wortmeldungen (in der Reihenfolge des Aufrufs)'));
    expect(speakers.length).toBeGreaterThan(0);
    const order = ['zur Geschäftsordnung', 'M0001', 'M0018'].map((s) => speakers.indexOf(s));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((x, y) => x - y)).toEqual(order);
    // The annual accounts by voting cards: the tellers' hall count and the phones online, both named.
    expect(html.body).toMatch(/im Saal ausgezählt \(Stimmkarten\): Ja 45 · Nein 6 · Enthaltung 4/);
    expect(html.body).toContain(
      'Petra Lindner (Stimmzählerin) (gezählt), Ömer Aydın (Stimmzähler) (bestätigt)',
    );
    expect(html.body).toMatch(/elektronisch abgegeben: Ja 12 · Nein 2 · Enthaltung 1/);
    // The run-off's tie, settled by the lot the chair drew with the value called out in the hall.
    expect(html.body).toContain('Losentscheid');
    expect(html.body).toContain('„42“');
    // The amendment from the floor, voted before the main motion, which is voted as amended.
    expect(html.body).toContain('Änderungsantrag');
    expect(html.body).toContain('mindestens drei Angebote, darunter eines für einen Stromspeicher');
    const en = await get(`${exportUrl('minutes.html')}?lang=en`, staffToken(app, 'auditor'));
    expect(en.body).toContain('Member of the management board');
    const pdf = await get(`${exportUrl('minutes.pdf')}?lang=en`, staffToken(app, 'auditor'));
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('rejects without token', async () => {
    expect((await get(exportUrl('bundle.json'))).json().error.code).toBe('auth.required');
    expect((await get('/api/ledger/head')).statusCode).toBe(401);
  });

  it('rejects wrong role', async () => {
    const res = await get(exportUrl('bundle.json'), staffToken(app, 'desk'));
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('auth.forbidden');
  });

  it('rejects bad input', async () => {
    const lang = await get(`${exportUrl('results.csv')}?lang=fr`, staffToken(app, 'auditor'));
    expect(lang.statusCode).toBe(400);
    const missing = await get(
      '/api/assemblies/00000000-0000-4000-8000-000000000000/export/bundle.json',
      staffToken(app, 'auditor'),
    );
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('assembly.not_found');
  });
});
