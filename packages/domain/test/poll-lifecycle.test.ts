import { describe, expect, it } from 'vitest';
import {
  type ClosedPoll,
  correctDeclaration,
  createPoll,
  currentDeclaration,
  DEFAULT_STATUTE,
  type DeclaredPoll,
  type DraftPoll,
  decidePoll,
  fraction,
  type OpenPoll,
  type Poll,
  type PollCommand,
  type RollSnapshot,
  snapshotRoll,
  THREE_QUARTERS,
} from '../src/index.ts';
import { MEMBERS, NOW, statute } from './support.ts';

const T_CLOSE = '2025-06-14T10:05:00Z';
const T_DECLARE = '2025-06-14T10:06:00Z';

function draft(kind: Parameters<typeof createPoll>[0]['itemKind'] = 'motion'): DraftPoll {
  const r = createPoll({ id: 'p1', itemId: 'top-4', itemKind: kind, statute: DEFAULT_STATUTE });
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

const roll: RollSnapshot = snapshotRoll({
  pollId: 'p1',
  at: NOW,
  item: { kind: 'motion' },
  members: MEMBERS,
  exclusions: [{ personId: 'anna', reason: 'exclusion.affected_person' }],
  statute: DEFAULT_STATUTE,
});

function step(poll: Poll, command: PollCommand, now: string): Poll {
  const r = decidePoll(poll, command, now);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

const CLOSE: PollCommand = { type: 'close', counts: { yes: 4, no: 2, abstain: 1, invalid: 0 } };
const DECLARE: PollCommand = {
  type: 'declare',
  declarationId: 'd1',
  declaredBy: 'chair',
  outcome: 'passed',
  text: 'Angenommen.',
};

function declared(): DeclaredPoll {
  const open = step(draft(), { type: 'open', roll }, NOW);
  return step(step(open, CLOSE, T_CLOSE), DECLARE, T_DECLARE) as DeclaredPoll;
}

describe('poll lifecycle: draft → open → closed → declared', () => {
  it('R29: runs the happy path, storing the computed tally apart from the declaration', () => {
    const open = step(draft(), { type: 'open', roll }, NOW) as OpenPoll;
    expect(open).toMatchObject({ status: 'open', openedAt: NOW });
    const closed = step(open, CLOSE, T_CLOSE) as ClosedPoll;
    expect(closed.tally).toMatchObject({ passed: true, base: 6, excluded: 1 });
    const done = step(closed, DECLARE, T_DECLARE) as DeclaredPoll;
    expect(done.declaration).toEqual({
      id: 'd1',
      pollId: 'p1',
      declaredAt: T_DECLARE,
      declaredBy: 'chair',
      outcome: 'passed',
      text: 'Angenommen.',
    });
    expect(done.tally).toBe(closed.tally);
  });

  it('closing twice is harmless and keeps the first tally', () => {
    const closed = step(step(draft(), { type: 'open', roll }, NOW), CLOSE, T_CLOSE);
    const again = decidePoll(
      closed,
      { type: 'close', counts: { yes: 0, no: 9, abstain: 0, invalid: 0 } },
      T_DECLARE,
    );
    expect(again).toEqual({ ok: true, value: closed });
    expect(decidePoll(declared(), CLOSE, T_DECLARE)).toMatchObject({
      ok: true,
      value: { status: 'declared' },
    });
  });

  it.each<[string, () => Poll, PollCommand, string]>([
    [
      'opening an open poll',
      () => step(draft(), { type: 'open', roll }, NOW),
      { type: 'open', roll },
      'poll.not_draft',
    ],
    [
      'opening with another poll’s roll',
      () => draft(),
      { type: 'open', roll: { ...roll, pollId: 'p2' } },
      'poll.roll_mismatch',
    ],
    ['closing a draft', () => draft(), CLOSE, 'poll.not_open'],
    ['declaring an open poll', () => step(draft(), { type: 'open', roll }, NOW), DECLARE, 'poll.not_closed'],
    ['R29: declaring a declared poll again', () => declared(), DECLARE, 'poll.already_declared'],
    [
      'closing with more ballots than votes',
      () => step(draft(), { type: 'open', roll }, NOW),
      { type: 'close', counts: { yes: 9, no: 0, abstain: 0, invalid: 0 } },
      'tally.more_ballots_than_votes',
    ],
  ])('refuses %s', (_title, make, command, reason) => {
    expect(decidePoll(make(), command, T_DECLARE)).toMatchObject({ ok: false, reason });
  });

  it('an unknown command is a programming error', () => {
    expect(() => decidePoll(draft(), { type: 'reopen' } as unknown as PollCommand, NOW)).toThrow(
      'Unexpected value',
    );
  });

  it('R29: a declaration contradicting the tally needs a stated reason', () => {
    const closed = step(step(draft(), { type: 'open', roll }, NOW), CLOSE, T_CLOSE);
    const contra = { ...DECLARE, outcome: 'failed' } as const;
    expect(decidePoll(closed, contra, T_DECLARE)).toMatchObject({
      ok: false,
      reason: 'poll.declaration_contradicts_tally',
    });
    const withReason = decidePoll(
      closed,
      { ...contra, deviationReason: 'Zählfehler festgestellt' },
      T_DECLARE,
    );
    expect(withReason).toMatchObject({
      ok: true,
      value: { declaration: { outcome: 'failed', deviationReason: 'Zählfehler festgestellt' } },
    });
  });

  it('R15: the threshold is fixed from the item kind and statute when the poll is created', () => {
    expect(draft('statute_amendment').threshold).toEqual(THREE_QUARTERS);
    const raised = createPoll({
      id: 'x',
      itemId: 'i',
      itemKind: 'motion',
      statute: statute({ thresholds: { motion: fraction(2, 3) } }),
    });
    expect(raised.ok && raised.value.threshold).toEqual(fraction(2, 3));
    const contested = createPoll({
      id: 'x',
      itemId: 'i',
      itemKind: 'change_of_legal_form',
      statute: DEFAULT_STATUTE,
      legalFormObjectionQuorumMet: true,
    });
    expect(contested.ok && contested.value.threshold).toEqual({ num: 9, den: 10 });
  });

  it('secrecy defaults to the kind and can be set; information items and elections are not yes/no polls', () => {
    expect(draft().secret).toBe(false);
    const secret = createPoll({
      id: 'x',
      itemId: 'i',
      itemKind: 'motion',
      statute: DEFAULT_STATUTE,
      secret: true,
    });
    expect(secret.ok && secret.value.secret).toBe(true);
    expect(
      createPoll({ id: 'x', itemId: 'i', itemKind: 'information_only', statute: DEFAULT_STATUTE }),
    ).toMatchObject({
      ok: false,
      reason: 'poll.item_not_votable',
    });
    expect(
      createPoll({ id: 'x', itemId: 'i', itemKind: 'supervisory_board_election', statute: DEFAULT_STATUTE })
        .ok,
    ).toBe(false);
  });

  it('C4: the statute quorum travels with the poll and is checked at close', () => {
    const config = statute({ quorum: { kind: 'share_of_members', share: fraction(1, 2) } });
    const p = createPoll({ id: 'p1', itemId: 'i', itemKind: 'motion', statute: config });
    if (!p.ok) throw new Error(p.reason);
    const open = step(p.value, { type: 'open', roll }, NOW);
    const closed = step(
      open,
      { ...CLOSE, attendance: { presentMembers: 3, totalMembers: 8 } },
      T_CLOSE,
    ) as ClosedPoll;
    expect(closed.tally).toMatchObject({ quorumMet: false, passed: false });
  });
});

describe('R29: corrections are new records pointing at what they correct', () => {
  it('R29: a correction points at the declaration and leaves it unchanged', () => {
    const original = declared().declaration;
    const frozen = structuredClone(original);
    const c = correctDeclaration(
      original,
      {
        declarationId: 'd2',
        pollId: 'p1',
        declaredBy: 'chair',
        outcome: 'failed',
        text: 'Abgelehnt.',
        reason: ' Zählfehler ',
      },
      '2025-06-14T11:00:00Z',
    );
    expect(c).toMatchObject({
      ok: true,
      value: { id: 'd2', corrects: 'd1', correctionReason: 'Zählfehler', outcome: 'failed' },
    });
    expect(original).toEqual(frozen);
    if (!c.ok) return;
    const c2 = correctDeclaration(
      c.value,
      { declarationId: 'd3', pollId: 'p1', declaredBy: 'chair', outcome: 'passed', text: 'x', reason: 'y' },
      T_DECLARE,
    );
    if (!c2.ok) throw new Error(c2.reason);
    expect(currentDeclaration(original, [c2.value, c.value]).id).toBe('d3');
    expect(currentDeclaration(original, []).id).toBe('d1');
  });

  it.each<[string, string, string, string]>([
    ['without a reason', 'p1', '  ', 'poll.correction_reason_required'],
    ['for another poll', 'p2', 'x', 'poll.correction_of_other_poll'],
  ])('R29: a correction %s is refused', (_title, pollId, reason, code) => {
    const original = declared().declaration;
    const r = correctDeclaration(
      original,
      { declarationId: 'd2', pollId, declaredBy: 'c', outcome: 'failed', text: 't', reason },
      T_DECLARE,
    );
    expect(r).toMatchObject({ ok: false, reason: code });
  });
});
