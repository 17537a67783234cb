import { createHash } from 'node:crypto';
import { DOCUMENT_MAX_BYTES, PHOTO_MAX_BYTES } from '@plenum/contracts';
import { verifyBundle } from '@plenum/ledger/verify';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPdf, demoPortrait } from '../src/demo/demo-files.ts';
import { readLedgerHead } from '../src/modules/ledger/ledger.queries.ts';
import { buildTestApp } from './support/app.ts';
import { bearer, memberToken, staffToken } from './support/auth.ts';
import { seedMembers } from './support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const PDF = demoPdf('Jahresabschluss 2025', ['Bilanzsumme: 4.812.336,17 EUR']);

/** Motion texts, proposers, PDF documents and candidate statements and photos over HTTP. */
describe('motions: text, documents, candidates', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let members: string[];
  let admin: Record<string, string>;
  let chair: Record<string, string>;
  let assemblyId: string;
  let otherAssemblyId: string;
  let itemId: string;
  let electionId: string;
  let documentId: string;
  const member = (i: number, assembly = assemblyId) =>
    bearer(memberToken(app, members[i] as string, assembly));
  const count = async (table: 'documents' | 'candidate_photos') =>
    Number(
      (await sql<{ n: string }>`SELECT count(*)::text AS n FROM ${sql.table(table)}`.execute(database.db))
        .rows[0]?.n,
    );
  /** A refused request answers its code and changes nothing: no row, no ledger entry. */
  const refused = async (req: InjectOptions, status: number, code: string): Promise<void> => {
    const head = await readLedgerHead(database.db);
    const [docs, photos] = [await count('documents'), await count('candidate_photos')];
    const res = await app.inject(req);
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json().error.code).toBe(code);
    expect(await readLedgerHead(database.db)).toEqual(head);
    expect([await count('documents'), await count('candidate_photos')]).toEqual([docs, photos]);
  };
  const upload = (url: string, type: string, payload: Buffer, headers = chair): InjectOptions => ({
    method: 'POST',
    url,
    headers: { ...headers, 'content-type': type },
    payload,
  });
  const docsUrl = (name = 'Jahresabschluss 2025.pdf') =>
    `/api/assemblies/${assemblyId}/items/${itemId}/documents?filename=${encodeURIComponent(name)}`;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database, { signingKeySeed: Buffer.alloc(32, 5).toString('base64') });
    members = await seedMembers(database, 6);
    admin = bearer(staffToken(app, 'admin'));
    chair = bearer(staffToken(app, 'chair'));
    const assembly = async (title: string) =>
      (
        await app.inject({
          method: 'POST',
          url: '/api/assemblies',
          headers: admin,
          payload: { title, form: 'hybrid', registeredSeat: 'Berlin', startsAt: '2026-06-20T10:00:00Z' },
        })
      ).json().id as string;
    assemblyId = await assembly('GV 2026');
    otherAssemblyId = await assembly('GV 2027');
    const item = await app.inject({
      method: 'POST',
      url: `/api/assemblies/${assemblyId}/items`,
      headers: admin,
      payload: {
        kind: 'annual_accounts',
        title: 'Feststellung des Jahresabschlusses 2025',
        proposer: 'Vorstand und Aufsichtsrat',
        body: 'Vorschlag:\n\n- Bilanzsumme **4,8 Mio. €**\n- <script>alert(1)</script>',
      },
    });
    expect(item.statusCode, item.body).toBe(201);
    itemId = item.json().id;
    electionId = (
      await app.inject({
        method: 'POST',
        url: `/api/assemblies/${assemblyId}/items`,
        headers: admin,
        payload: {
          kind: 'supervisory_board_election',
          title: 'Wahl zum Aufsichtsrat',
          details: { seats: 2 },
        },
      })
    ).json().id;
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  it('R25: the motion text and proposer are stored as given and read by members of the assembly', async () => {
    const res = await app.inject({
      method: 'GET',
      url: `/api/assemblies/${assemblyId}/items`,
      headers: member(0),
    });
    expect(res.statusCode).toBe(200);
    const item = res.json().find((i: { id: string }) => i.id === itemId);
    expect(item.proposer).toBe('Vorstand und Aufsichtsrat');
    // Stored as text: the markup is rendered (and escaped) by the screens, never here.
    expect(item.body).toContain('<script>alert(1)</script>');
    expect(item.documents).toEqual([]);
  });

  it('the chair edits the text before the vote; the ledger records the item as it then reads', async () => {
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/assemblies/${assemblyId}/items/${itemId}`,
      headers: chair,
      payload: { body: 'Vorstand und Aufsichtsrat schlagen vor, den Jahresabschluss festzustellen.' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().body).toBe(
      'Vorstand und Aufsichtsrat schlagen vor, den Jahresabschluss festzustellen.',
    );
    expect(res.json().proposer).toBe('Vorstand und Aufsichtsrat');
    const { rows } = await sql<{
      payload: Record<string, unknown>;
    }>`SELECT payload FROM ledger WHERE type = 'agenda.item_updated' ORDER BY seq DESC LIMIT 1`.execute(
      database.db,
    );
    expect(rows[0]?.payload).toMatchObject({
      itemId,
      fields: ['body'],
      proposer: 'Vorstand und Aufsichtsrat',
    });
    await refused(
      { method: 'PATCH', url: `/api/assemblies/${assemblyId}/items/${itemId}`, headers: chair, payload: {} },
      400,
      'request.invalid',
    );
    await refused(
      {
        method: 'PATCH',
        url: `/api/assemblies/${assemblyId}/items/${itemId}`,
        headers: chair,
        payload: { proposer: 'x'.repeat(201) },
      },
      400,
      'request.invalid',
    );
    await refused(
      {
        method: 'PATCH',
        url: `/api/assemblies/${otherAssemblyId}/items/${itemId}`,
        headers: chair,
        payload: { proposer: 'Vorstand' },
      },
      404,
      'agenda.item_not_found',
    );
  });

  it('uploads a PDF: listed with name, size and hash, recorded in the ledger', async () => {
    const res = await app.inject(upload(docsUrl('../../etc/Jahres<abschluss> 2025'), 'application/pdf', PDF));
    expect(res.statusCode, res.body).toBe(201);
    const doc = res.json();
    documentId = doc.id;
    // The name is cleaned: no path, no markup characters, always ".pdf".
    expect(doc).toMatchObject({
      filename: 'Jahres_abschluss_ 2025.pdf',
      size: PDF.length,
      sha256: sha256(PDF),
    });
    const items = (
      await app.inject({ method: 'GET', url: `/api/assemblies/${assemblyId}/items`, headers: member(1) })
    ).json();
    expect(items.find((i: { id: string }) => i.id === itemId).documents).toEqual([doc]);
    const { rows } = await sql<{
      payload: Record<string, unknown>;
    }>`SELECT payload FROM ledger WHERE type = 'agenda.document_attached'`.execute(database.db);
    expect(rows.map((r) => r.payload)).toEqual([
      expect.objectContaining({ itemId, documentId, sha256: sha256(PDF), size: PDF.length }),
    ]);
  });

  it('R25: a member of the assembly downloads the document byte for byte, as staff do', async () => {
    for (const headers of [member(2), chair, bearer(staffToken(app, 'auditor'))]) {
      const res = await app.inject({
        method: 'GET',
        url: `/api/assemblies/${assemblyId}/documents/${documentId}`,
        headers,
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(String(res.headers['content-disposition'])).toMatch(
        /^attachment; filename="Jahres_abschluss_ 2025\.pdf"/,
      );
      expect(sha256(res.rawPayload)).toBe(sha256(PDF));
    }
  });

  it('a member of another assembly gets 403, an unknown document 404, another assembly’s path 404', async () => {
    const url = `/api/assemblies/${assemblyId}/documents/${documentId}`;
    const other = await app.inject({ method: 'GET', url, headers: member(0, otherAssemblyId) });
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('assembly.access_denied');
    const anonymous = await app.inject({ method: 'GET', url });
    expect(anonymous.statusCode).toBe(401);
    const unknown = await app.inject({
      method: 'GET',
      url: `/api/assemblies/${assemblyId}/documents/00000000-0000-4000-8000-000000000000`,
      headers: member(0),
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('document.not_found');
    const elsewhere = await app.inject({
      method: 'GET',
      url: `/api/assemblies/${otherAssemblyId}/documents/${documentId}`,
      headers: chair,
    });
    expect(elsewhere.statusCode).toBe(404);
    expect(elsewhere.json().error.code).toBe('document.not_found');
  });

  it('refuses a file that is not a PDF, whatever its declared type, and stores nothing', async () => {
    const png = demoPortrait([10, 20, 30]);
    await refused(upload(docsUrl(), 'application/pdf', png), 415, 'document.not_pdf');
    await refused(
      upload(docsUrl(), 'application/octet-stream', Buffer.from('<html>%PDF-</html>')),
      415,
      'document.not_pdf',
    );
    await refused(upload(docsUrl(), 'text/plain', Buffer.from('%PDF-1.4 as text')), 415, 'document.not_pdf');
    await refused(upload(docsUrl(), 'application/pdf', Buffer.alloc(0)), 415, 'document.not_pdf');
    // Members and the desk may not upload at all.
    await refused(upload(docsUrl(), 'application/pdf', PDF, member(0)), 403, 'auth.forbidden');
    await refused(
      upload(docsUrl(), 'application/pdf', PDF, bearer(staffToken(app, 'desk'))),
      403,
      'auth.forbidden',
    );
    await refused(
      upload(`/api/assemblies/${assemblyId}/items/${itemId}/documents`, 'application/pdf', PDF),
      400,
      'request.invalid',
    );
  });

  it('refuses a PDF over 10 MB with 413 and stores nothing; exactly 10 MB is accepted', async () => {
    const big = Buffer.concat([PDF, Buffer.alloc(DOCUMENT_MAX_BYTES - PDF.length + 1, 0x20)]);
    await refused(upload(docsUrl(), 'application/pdf', big), 413, 'request.too_large');
    const limit = big.subarray(0, DOCUMENT_MAX_BYTES);
    const res = await app.inject(upload(docsUrl('Anlage.pdf'), 'application/pdf', limit));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().size).toBe(DOCUMENT_MAX_BYTES);
  });

  it('candidates: a statement and a JPEG/PNG photo, served with its type and nosniff', async () => {
    const nominated = await app.inject({
      method: 'POST',
      url: `/api/assemblies/${assemblyId}/items/${electionId}/candidates`,
      headers: admin,
      payload: { memberId: members[3] },
    });
    expect(nominated.statusCode, nominated.body).toBe(201);
    const candidateId = nominated.json().id as string;
    const path = `/api/assemblies/${assemblyId}/items/${electionId}/candidates/${candidateId}`;
    const statement = await app.inject({
      method: 'PUT',
      url: `${path}/statement`,
      headers: chair,
      payload: { statement: 'Ich kandidiere für <b>mehr</b> Transparenz.' },
    });
    expect(statement.statusCode, statement.body).toBe(200);
    const png = demoPortrait([200, 100, 50]);
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1');
    await refused(
      { ...upload(`${path}/photo`, 'image/png', gif), method: 'PUT' },
      415,
      'candidate.photo_invalid',
    );
    await refused(
      { ...upload(`${path}/photo`, 'image/png', Buffer.alloc(PHOTO_MAX_BYTES + 1, 0x89)), method: 'PUT' },
      413,
      'request.too_large',
    );
    const photo = await app.inject({ ...upload(`${path}/photo`, 'image/png', png), method: 'PUT' });
    expect(photo.statusCode, photo.body).toBe(200);
    expect(photo.json()).toMatchObject({ photoSha256: sha256(png) });
    const items = (
      await app.inject({ method: 'GET', url: `/api/assemblies/${assemblyId}/items`, headers: member(0) })
    ).json();
    const c = items.find((i: { id: string }) => i.id === electionId).candidates[0];
    expect(c.statement).toBe('Ich kandidiere für <b>mehr</b> Transparenz.');
    expect(c.photoUrl).toBe(`/api/assemblies/${assemblyId}/candidates/${candidateId}/photo`);
    const served = await app.inject({ method: 'GET', url: c.photoUrl, headers: member(0) });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(sha256(served.rawPayload)).toBe(sha256(png));
    const other = await app.inject({ method: 'GET', url: c.photoUrl, headers: member(0, otherAssemblyId) });
    expect(other.statusCode).toBe(403);
    const { rows } = await sql<{
      payload: Record<string, unknown>;
    }>`SELECT payload FROM ledger WHERE type = 'election.candidate_profile' ORDER BY seq`.execute(
      database.db,
    );
    expect(rows.at(-1)?.payload).toMatchObject({ candidateId, photoSha256: sha256(png) });
  });

  it('once a poll on the item has opened, its text and documents are fixed (409 agenda.item_locked)', async () => {
    const poll = await app.inject({
      method: 'POST',
      url: `/api/assemblies/${assemblyId}/polls`,
      headers: chair,
      payload: { agendaItemId: itemId },
    });
    expect(poll.statusCode, poll.body).toBe(201);
    // A draft poll changes nothing yet.
    const draft = await app.inject({
      method: 'PATCH',
      url: `/api/assemblies/${assemblyId}/items/${itemId}`,
      headers: chair,
      payload: { proposer: 'Vorstand' },
    });
    expect(draft.statusCode, draft.body).toBe(200);
    // Polls open only in an open assembly: convened by letter a month ahead, then opened.
    for (const [step, payload] of [
      [
        'convene',
        {
          invitedOn: '2026-05-20',
          channel: 'text_form_to_each_member',
          accessDetails: 'Online über die Mitgliederseite.',
        },
      ],
      ['open', undefined],
    ] as const) {
      const res = await app.inject({
        method: 'POST',
        url: `/api/assemblies/${assemblyId}/${step}`,
        headers: chair,
        ...(payload ? { payload } : {}),
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const opened = await app.inject({
      method: 'POST',
      url: `/api/polls/${poll.json().id}/open`,
      headers: chair,
    });
    expect(opened.statusCode, opened.body).toBe(200);
    await refused(
      {
        method: 'PATCH',
        url: `/api/assemblies/${assemblyId}/items/${itemId}`,
        headers: chair,
        payload: { body: 'Nachträglich geändert' },
      },
      409,
      'agenda.item_locked',
    );
    await refused(upload(docsUrl('Nachtrag.pdf'), 'application/pdf', PDF), 409, 'agenda.item_locked');
  });
  it('R27: the minutes state the proposer, the motion text (escaped) and each document with its sha256; the bundle verifies', async () => {
    await app.inject({
      method: 'PATCH',
      url: `/api/assemblies/${assemblyId}/items/${electionId}`,
      headers: chair,
      payload: { body: 'Zwei Sitze:\n\n- **<i>geheim</i>**\n- & offen' },
    });
    const auditor = bearer(staffToken(app, 'auditor'));
    const html = await app.inject({
      method: 'GET',
      url: `/api/assemblies/${assemblyId}/export/minutes.html?lang=de`,
      headers: auditor,
    });
    expect(html.statusCode, html.body.slice(0, 500)).toBe(200);
    expect(html.body).toContain('<p><strong>Antrag von:</strong> Vorstand</p>');
    expect(html.body).toContain(
      '<ul><li><strong>&lt;i&gt;geheim&lt;/i&gt;</strong></li><li>&amp; offen</li></ul>',
    );
    expect(html.body).toContain(`sha256 ${sha256(PDF)}`);
    expect(html.body).toContain('Ich kandidiere für &lt;b&gt;mehr&lt;/b&gt; Transparenz.');
    const pdf = await app.inject({
      method: 'GET',
      url: `/api/assemblies/${assemblyId}/export/minutes.pdf?lang=en`,
      headers: auditor,
    });
    expect(pdf.statusCode).toBe(200);
    const bundle = await app.inject({
      method: 'GET',
      url: `/api/assemblies/${assemblyId}/export/bundle.json`,
      headers: auditor,
    });
    expect(verifyBundle(bundle.json()).violations).toEqual([]);
  });
});
