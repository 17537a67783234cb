import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgendaItemView, CastableVote, MyVotesView, PollView } from '$lib/api/member';
import { t } from '$lib/i18n';
import { FakeApi } from '../../../test/network';
import { memoryStorage } from '../../../test/storage';
import { MemberBallot } from './member-ballot.svelte';
import { loadReceipts } from './member-receipts';

const P = 'poll-1';

function poll(overrides: Partial<PollView> = {}): PollView {
  return {
    id: P,
    assemblyId: 'asm-1',
    agendaItemId: 'item-1',
    round: 1,
    rehearsal: false,
    kind: 'majority',
    itemKind: 'motion',
    method: 'electronic',
    secret: false,
    threshold: { num: 1, den: 2 },
    options: ['yes', 'no', 'abstain'],
    config: {},
    status: 'open',
    openedAt: null,
    closedAt: null,
    votesAvailable: null,
    votesExcluded: null,
    voted: 0,
    canVoteNow: null,
    ballotCount: null,
    ballotsRoot: null,
    receiptsRoot: null,
    tally: null,
    lot: null,
    runOffPollId: null,
    declaration: null,
    ...overrides,
  };
}

const vote = (
  memberId: string,
  name: string,
  capacity: CastableVote['capacity'],
  cast = false,
): CastableVote => ({
  memberId,
  memberNumber: memberId.toUpperCase(),
  name,
  capacity,
  cast,
});

function mine(overrides: Partial<MyVotesView> = {}): MyVotesView {
  return {
    pollId: P,
    status: 'open',
    present: true,
    votes: [vote('m1', 'Anna Abel', 'own'), vote('m2', 'Clara Claußen', 'proxy')],
    reason: null,
    ...overrides,
  };
}

const items = [
  {
    id: 'item-1',
    candidates: [
      { memberId: 'c1', name: 'Fritz Fuchs', memberNumber: '1006' },
      { memberId: 'c2', name: 'Greta Graf', memberNumber: '1007' },
      { memberId: 'c3', name: 'Hans Hahn', memberNumber: '1008' },
    ],
  },
] as unknown as AgendaItemView[];

describe('MemberBallot', () => {
  let api: FakeApi;
  /** The pauses the ballot waited out between attempts (the wait seam records instead of sleeping). */
  let waits: number[];
  beforeEach(() => {
    waits = [];
    api = new FakeApi().install();
    memoryStorage();
  });
  afterEach(() => vi.unstubAllGlobals());

  const loaded = async (p: PollView, m: MyVotesView) => {
    api.on(`GET /api/polls/${P}`, { body: p }).on(`GET /api/polls/${P}/my-votes`, { body: m });
    const ballot = new MemberBallot(P, { wait: async (ms) => void waits.push(ms) });
    await ballot.load(items);
    return ballot;
  };

  it('offers every open vote (own and as proxy holder) with an empty draft each', async () => {
    const ballot = await loaded(poll(), mine());
    expect(ballot.step).toBe('choose');
    expect(ballot.item?.id).toBe('item-1');
    expect(ballot.open.map((v) => v.memberId)).toEqual(['m1', 'm2']);
    expect(ballot.drafts).toEqual({
      m1: { kind: 'motion', value: null },
      m2: { kind: 'motion', value: null },
    });
  });

  it('shows the item as it reads now, with its motion text, documents and candidate statements', async () => {
    const now = {
      ...items[0],
      body: 'Neu gefasster Antrag',
      proposer: 'Vorstand',
      documents: [{ id: 'd1', filename: 'Jahresabschluss.pdf', size: 2048 }],
      candidates: [
        {
          memberId: 'c1',
          name: 'Fritz Fuchs',
          memberNumber: '1006',
          statement: 'Ich kandidiere.',
          photoUrl: '/p',
        },
      ],
    } as unknown as AgendaItemView;
    api.on('GET /api/assemblies/asm-1/items', { body: [now] });
    const ballot = await loaded(poll({ kind: 'election', options: ['c1'] }), mine());
    expect(ballot.item?.body).toBe('Neu gefasster Antrag');
    expect(ballot.item?.documents.map((d) => d.filename)).toEqual(['Jahresabschluss.pdf']);
    expect(ballot.candidates).toEqual([
      {
        memberId: 'c1',
        name: 'Fritz Fuchs',
        memberNumber: '1006',
        statement: 'Ich kandidiere.',
        photoUrl: '/p',
      },
    ]);
  });

  it.each([
    ['the member is not present', mine({ present: false }), t('error.vote.not_present')],
    ['the poll is not open', mine({ status: 'closed' }), t('error.poll.not_open')],
    [
      'every vote is cast',
      mine({ votes: [vote('m1', 'Anna Abel', 'own', true)] }),
      t('error.vote.duplicate'),
    ],
    ['there is no vote at all', mine({ votes: [], reason: 'poll.not_open' }), t('reason.poll.not_open')],
  ])('is unavailable when %s', async (_, m, text) => {
    const ballot = await loaded(poll(), m);
    expect(ballot.step).toBe('unavailable');
    expect(ballot.unavailable).toBe(text);
  });

  it('is unavailable with the reason when the poll cannot be read', async () => {
    api.on(`GET /api/polls/${P}`, FakeApi.error(404, 'poll.not_found'));
    api.on(`GET /api/polls/${P}/my-votes`, { body: mine() });
    const ballot = new MemberBallot(P);
    await ballot.load(items);
    expect(ballot.step).toBe('unavailable');
    expect(ballot.unavailable).toBe(t('error.poll.not_found'));
  });

  it('names the votes still without an answer before the review', async () => {
    const ballot = await loaded(poll(), mine());
    ballot.setMotion('m1', 'yes');
    expect(ballot.review()).toBe(false);
    expect(ballot.missing).toEqual(['m2']);
    expect(ballot.step).toBe('choose');
    ballot.setMotion('m2', 'no');
    expect(ballot.missing).toEqual([]);
    expect(ballot.review()).toBe(true);
    expect(ballot.step).toBe('review');
  });

  it('never ticks more candidates than votesPerBallot; no tick is an abstention', async () => {
    const ballot = await loaded(
      poll({ kind: 'election', options: ['c1', 'c2', 'c3'], config: { votesPerBallot: 2 } }),
      mine(),
    );
    expect(ballot.isElection).toBe(true);
    expect(ballot.candidates.map((c) => c.name)).toEqual(['Fritz Fuchs', 'Greta Graf', 'Hans Hahn']);
    ballot.toggleCandidate('m1', 'c1', true);
    ballot.toggleCandidate('m1', 'c2', true);
    ballot.toggleCandidate('m1', 'c3', true);
    ballot.toggleCandidate('m1', 'c1', true);
    expect(ballot.choiceOf('m1')).toEqual({ kind: 'candidates', choices: ['c1', 'c2'] });
    ballot.toggleCandidate('m1', 'c1', false);
    ballot.toggleCandidate('m1', 'c3', true);
    expect(ballot.choiceOf('m1')).toEqual({ kind: 'candidates', choices: ['c2', 'c3'] });
    // Elections need no answer per vote: none ticked is a valid (abstaining) ballot.
    expect(ballot.review()).toBe(true);
    expect(ballot.choiceOf('m2')).toEqual({ kind: 'candidates', choices: [] });
  });

  it('casts all votes in one request and keeps the receipts on this device', async () => {
    const ballot = await loaded(poll(), mine());
    api.on(`POST /api/polls/${P}/votes`, {
      body: {
        receipts: [
          { memberId: 'm1', receipt: 'r-1' },
          { memberId: 'm2', receipt: 'r-2' },
        ],
      },
    });
    await ballot.cast(); // not reviewed yet: nothing is sent
    expect(api.callsTo(`POST /api/polls/${P}/votes`)).toHaveLength(0);
    ballot.setMotion('m1', 'yes');
    ballot.setMotion('m2', 'abstain');
    ballot.review();
    await ballot.cast();
    expect(api.callsTo(`POST /api/polls/${P}/votes`).map((c) => c.body)).toEqual([
      {
        votes: [
          { memberId: 'm1', choice: 'yes' },
          { memberId: 'm2', choice: 'abstain' },
        ],
        requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      },
    ]);
    expect(ballot.step).toBe('done');
    expect(ballot.receipts.map((r) => r.receipt)).toEqual(['r-1', 'r-2']);
    expect(loadReceipts(P)).toEqual([
      { memberId: 'm1', receipt: 'r-1', name: 'Anna Abel' },
      { memberId: 'm2', receipt: 'r-2', name: 'Clara Claußen' },
    ]);
  });

  it('on a duplicate vote shows why, reads the ballot again and stays on the review', async () => {
    const ballot = await loaded(poll(), mine());
    ballot.setMotion('m1', 'yes');
    ballot.setMotion('m2', 'yes');
    ballot.review();
    api.on(`POST /api/polls/${P}/votes`, FakeApi.error(409, 'vote.duplicate'));
    api.on(`GET /api/polls/${P}/my-votes`, {
      body: mine({ votes: [vote('m1', 'Anna Abel', 'own', true), vote('m2', 'Clara Claußen', 'proxy')] }),
    });
    const reads = api.callsTo(`GET /api/polls/${P}/my-votes`).length;
    await ballot.cast();
    expect(ballot.step).toBe('review');
    expect(ballot.error).toBe(t('error.vote.duplicate'));
    expect(api.callsTo(`GET /api/polls/${P}/my-votes`)).toHaveLength(reads + 1);
    expect(ballot.open.map((v) => v.memberId)).toEqual(['m2']);
    expect(loadReceipts(P)).toEqual([]);
  });

  it('on a network failure tries again by itself with the same request id, then keeps the choices', async () => {
    const ballot = await loaded(poll(), mine());
    ballot.setMotion('m1', 'no');
    ballot.setMotion('m2', 'no');
    ballot.review();
    api.on(`POST /api/polls/${P}/votes`, { networkError: true });
    await ballot.cast();
    const posts = api.callsTo(`POST /api/polls/${P}/votes`);
    expect(posts).toHaveLength(8);
    const ids = new Set(posts.map((c) => (c.body as { requestId: string }).requestId));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000]);
    expect(ballot.step).toBe('review');
    expect(ballot.pending).toBe(true);
    expect(ballot.error).toBe(t('error.network'));
    expect(ballot.choiceOf('m1')).toBe('no');

    // Sent again by hand: still the same request id, so a stored cast answers its receipts.
    api.on(`POST /api/polls/${P}/votes`, {
      status: 201,
      body: {
        pollId: P,
        receipts: [
          { memberId: 'm1', receipt: 'AAAA-BBBB-CCCC' },
          { memberId: 'm2', receipt: 'DDDD-EEEE-FFFF' },
        ],
      },
    });
    await ballot.cast();
    const last = api.callsTo(`POST /api/polls/${P}/votes`).at(-1);
    expect((last?.body as { requestId?: string } | undefined)?.requestId).toBe([...ids][0]);
    expect(ballot.step).toBe('done');
    expect(ballot.pending).toBe(false);
  });

  it('a lost answer: the retry gets the receipts of the stored cast, shown once', async () => {
    const ballot = await loaded(poll(), mine({ votes: [vote('m1', 'Anna Abel', 'own')] }));
    ballot.setMotion('m1', 'yes');
    ballot.review();
    let n = 0;
    api.on(`POST /api/polls/${P}/votes`, () => {
      n += 1;
      // The first answer never arrives (stored on the server, lost on the way back).
      if (n === 1) return { networkError: true };
      expect(ballot.retrying).toEqual({ what: 'cast', attempt: 1 });
      return { status: 201, body: { pollId: P, receipts: [{ memberId: 'm1', receipt: 'AAAA-BBBB-CCCC' }] } };
    });
    await ballot.cast();
    const [a, b] = api.callsTo(`POST /api/polls/${P}/votes`).map((c) => c.body as { requestId: string });
    expect(a?.requestId).toBe(b?.requestId);
    expect(ballot.step).toBe('done');
    expect(ballot.retrying).toBeNull();
    expect(ballot.receipts).toEqual([{ memberId: 'm1', receipt: 'AAAA-BBBB-CCCC' }]);
  });

  it('a changed choice is a new submission with a new request id; a refusal ends the submission', async () => {
    const ballot = await loaded(poll(), mine({ votes: [vote('m1', 'Anna Abel', 'own')] }));
    ballot.setMotion('m1', 'yes');
    ballot.review();
    api.on(`POST /api/polls/${P}/votes`, { networkError: true });
    await ballot.cast();
    ballot.back();
    expect(ballot.pending).toBe(false);
    ballot.setMotion('m1', 'no');
    ballot.review();
    api.on(`POST /api/polls/${P}/votes`, FakeApi.error(409, 'vote.duplicate'));
    await ballot.cast();
    await ballot.cast();
    const ids = api
      .callsTo(`POST /api/polls/${P}/votes`)
      .map((c) => (c.body as { requestId: string }).requestId);
    expect(new Set(ids.slice(0, 8)).size).toBe(1);
    expect(ids[8]).not.toBe(ids[0]);
    expect(ballot.error).toBe(t('error.vote.duplicate'));
  });

  it('loads again by itself while there is no connection, saying so, then offers the ballot', async () => {
    let down = 3;
    api
      .on(`GET /api/polls/${P}`, () => (down > 0 ? { networkError: true } : { body: poll() }))
      .on(`GET /api/polls/${P}/my-votes`, () => (down-- > 0 ? { networkError: true } : { body: mine() }));
    const seen: MemberBallot['retrying'][] = [];
    const ballot: MemberBallot = new MemberBallot(P, {
      wait: async (ms: number): Promise<void> => {
        waits.push(ms);
        seen.push(ballot.retrying);
      },
    });
    await ballot.load(items);
    expect(waits).toEqual([1_000, 2_000, 4_000]);
    expect(seen).toEqual([
      { what: 'load', attempt: 1 },
      { what: 'load', attempt: 2 },
      { what: 'load', attempt: 3 },
    ]);
    expect(ballot.step).toBe('choose');
    expect(ballot.retrying).toBeNull();
    expect(t('ballot.retry.load', { attempt: 2 })).toContain('2');
  });

  it('a dismissed screen stops loading again', async () => {
    api
      .on(`GET /api/polls/${P}`, { networkError: true })
      .on(`GET /api/polls/${P}/my-votes`, { networkError: true });
    const ballot: MemberBallot = new MemberBallot(P, {
      wait: async (ms: number): Promise<void> => {
        waits.push(ms);
        if (waits.length === 2) ballot.dispose();
      },
    });
    await ballot.load(items);
    expect(waits).toHaveLength(2);
    expect(ballot.step).toBe('loading');
  });
});
