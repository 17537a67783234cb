import type { LiveSnapshot } from '@plenum/contracts';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setCurrentItem } from '../src/modules/assemblies/agenda.service.ts';
import { castBallots } from '../src/modules/ballots/ballots.service.ts';
import type { ServiceContext } from '../src/modules/context.ts';
import { readLedgerHead } from '../src/modules/ledger/ledger.queries.ts';
import { closePoll } from '../src/modules/polls/polls.service.ts';
import { buildTestApp } from './support/app.ts';
import { bearer, memberToken, staffToken } from './support/auth.ts';
import { chair, checkInAll, newAssembly, openItemPoll, seedMembers } from './support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

/**
 * R29: the chair's declaration in the languages of the screens. The chair gives the text in German
 * and English (or one text and its language); the API keeps both, and every view offers both so a
 * screen shows its own language.
 */
describe('R29: declarations in German and English', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let ctx: ServiceContext;
  let members: string[];
  let assemblyId: string;
  let staff: Record<string, string>;

  /** A poll with one yes vote, closed and ready to declare; the current item. */
  async function closedPoll(): Promise<string> {
    const pollId = await openItemPoll(ctx, assemblyId);
    const voter = members[0] as string;
    await castBallots(ctx, { pollId, voterId: voter, votes: [{ memberId: voter, choice: 'yes' }] });
    await closePoll(ctx, pollId, chair);
    const row = await database.db
      .selectFrom('polls')
      .select('agenda_item_id')
      .where('id', '=', pollId)
      .executeTakeFirstOrThrow();
    await setCurrentItem(ctx, assemblyId, row.agenda_item_id, chair);
    return pollId;
  }
  const declare = (pollId: string, payload: Record<string, unknown>): InjectOptions => ({
    method: 'POST',
    url: `/api/polls/${pollId}/declare`,
    headers: staff,
    payload,
  });
  const live = async (): Promise<LiveSnapshot> =>
    (
      await app.inject({
        url: `/api/assemblies/${assemblyId}/live`,
        headers: bearer(memberToken(app, members[1] as string, assemblyId)),
      })
    ).json();

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database, { signingKeySeed: Buffer.alloc(32, 5).toString('base64') });
    ctx = app.services;
    members = await seedMembers(database, 3);
    assemblyId = await newAssembly(ctx);
    await checkInAll(database, assemblyId, members);
    staff = bearer(staffToken(app, 'chair'));
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  it('R29: a declaration in both languages is stored and shown per language (poll view, live, ledger, minutes)', async () => {
    const pollId = await closedPoll();
    const res = await app.inject(
      declare(pollId, {
        text: 'Der Antrag ist angenommen.',
        lang: 'de',
        translation: 'The motion is carried.',
      }),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().declaration).toMatchObject({
      text: 'Der Antrag ist angenommen.',
      lang: 'de',
      texts: { de: 'Der Antrag ist angenommen.', en: 'The motion is carried.' },
    });
    expect((await live()).result).toMatchObject({
      text: 'Der Antrag ist angenommen.',
      lang: 'de',
      texts: { de: 'Der Antrag ist angenommen.', en: 'The motion is carried.' },
    });
    // The translation is bound by the ledger like the text itself.
    const entry = await database.db
      .selectFrom('ledger')
      .select('payload')
      .where('type', '=', 'poll.declared')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry.payload).toMatchObject({
      text: 'Der Antrag ist angenommen.',
      lang: 'de',
      translation: 'The motion is carried.',
    });
    const minutes = (lang: 'de' | 'en') =>
      app.inject({ url: `/api/assemblies/${assemblyId}/export/minutes.html?lang=${lang}`, headers: staff });
    expect((await minutes('en')).body).toContain('The motion is carried.');
    expect((await minutes('de')).body).toContain('Der Antrag ist angenommen.');
  });

  it('R29: a single English text is marked English and German screens fall back to it', async () => {
    const pollId = await closedPoll();
    const res = await app.inject(declare(pollId, { text: 'The motion is carried.', lang: 'en' }));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().declaration).toMatchObject({
      lang: 'en',
      texts: { de: null, en: 'The motion is carried.' },
    });
    expect((await live()).result).toMatchObject({
      lang: 'en',
      texts: { de: null, en: 'The motion is carried.' },
    });
    const html = (
      await app.inject({ url: `/api/assemblies/${assemblyId}/export/minutes.html?lang=de`, headers: staff })
    ).body;
    expect(html).toContain('The motion is carried. (auf Englisch)');
  });

  it('R29: a text without a language is German, as before', async () => {
    const pollId = await closedPoll();
    const res = await app.inject(declare(pollId, { text: 'Angenommen.' }));
    expect(res.json().declaration).toMatchObject({ lang: 'de', texts: { de: 'Angenommen.', en: null } });
  });

  it('R29: an unknown language or an empty translation is refused and changes nothing', async () => {
    const pollId = await closedPoll();
    for (const payload of [
      { text: 'Angenommen.', lang: 'fr' },
      { text: 'Angenommen.', translation: '' },
      { text: '', lang: 'en', translation: 'Carried.' },
    ]) {
      const before = await readLedgerHead(database.db);
      const res = await app.inject(declare(pollId, payload));
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.code).toBe('request.invalid');
      expect(await readLedgerHead(database.db)).toEqual(before);
    }
    const view = await app.inject({ url: `/api/polls/${pollId}`, headers: staff });
    expect(view.json()).toMatchObject({ status: 'closed', declaration: null });
  });
});
