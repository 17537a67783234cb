import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkAdmission,
  checkFloorMotion,
  decideOutcome,
  FLOOR_MOTION_KINDS,
  type FloorItem,
  type FloorMotionKind,
  floorMotionPollKind,
  isProcedural,
  nextToVote,
  type OrderedMotion,
  PROCEDURAL_MOTION_KINDS,
  type TrackedMotion,
  votingOrder,
} from '../src/index.ts';

const ASSEMBLY = '2026-06-20';
const item = (over: Partial<FloorItem> = {}): FloorItem => ({
  id: 'item-1',
  kind: 'appropriation_of_profit_or_loss',
  announcedOn: null,
  ...over,
});
const submit = (kind: FloorMotionKind, text = 'Der Antrag soll lauten: …', over: Partial<FloorItem> = {}) =>
  checkFloorMotion({ kind, text, item: item(over), assemblyDate: ASSEMBLY, present: true });
const m = (id: string, kind: FloorMotionKind, reach: number, seq: number): OrderedMotion => ({
  id,
  kind,
  reach,
  seq,
});
const t = (
  id: string,
  kind: FloorMotionKind,
  reach: number,
  seq: number,
  status: TrackedMotion['status'],
) => ({
  ...m(id, kind, reach, seq),
  status,
});

describe('floor motions: submission', () => {
  it('R17: an amendment or counter-motion within an item announced in time is admitted for decision', () => {
    expect(submit('amendment').ok).toBe(true);
    expect(submit('counter_motion', 'Gegenantrag', { announcedOn: '2026-06-01' }).ok).toBe(true);
  });

  it('R17: an amendment on an item announced less than a week ahead is refused', () => {
    const late = submit('amendment', 'x', { announcedOn: '2026-06-16' });
    expect(late).toMatchObject({ ok: false, reason: 'convening.item_announced_too_late' });
  });

  it('R17: procedural motions need no notice, on any item, even one announced late or for information', () => {
    for (const kind of PROCEDURAL_MOTION_KINDS) {
      expect(submit(kind, '', { announcedOn: '2026-06-19' }).ok).toBe(true);
      expect(submit(kind, '', { kind: 'information_only' }).ok).toBe(true);
    }
  });

  it('R17: a motion to resolve on a new item is refused', () => {
    expect(submit('new_item', 'Neuer Punkt: Satzungsänderung')).toMatchObject({
      ok: false,
      reason: 'floor_motion.new_item_not_announced',
    });
  });

  it('R25: only a member present may move a motion, and only on the current item', () => {
    expect(
      checkFloorMotion({ kind: 'adjourn', text: '', item: item(), assemblyDate: ASSEMBLY, present: false }),
    ).toMatchObject({ ok: false, reason: 'floor_motion.not_present' });
    expect(
      checkFloorMotion({ kind: 'adjourn', text: '', item: null, assemblyDate: ASSEMBLY, present: true }),
    ).toMatchObject({ ok: false, reason: 'floor_motion.no_current_item' });
  });

  it('amendments need wording and an item decided by a yes/no vote; text is trimmed and bounded', () => {
    expect(submit('amendment', '   ')).toMatchObject({ ok: false, reason: 'floor_motion.text_required' });
    expect(submit('amendment', 'x', { kind: 'supervisory_board_election' })).toMatchObject({
      ok: false,
      reason: 'floor_motion.item_not_votable',
    });
    expect(submit('amendment', 'y'.repeat(2001))).toMatchObject({
      ok: false,
      reason: 'floor_motion.text_too_long',
    });
    expect(submit('close_debate', '  kurz  ')).toEqual({
      ok: true,
      value: { itemId: 'item-1', text: 'kurz' },
    });
  });

  it('R13, R14: procedural motions take a simple majority; amendments and counter-motions the threshold of their item', () => {
    expect(floorMotionPollKind('adjourn', 'statute_amendment')).toBe('procedural_motion');
    expect(floorMotionPollKind('amendment', 'statute_amendment')).toBe('statute_amendment');
    expect(floorMotionPollKind('counter_motion', 'dissolution')).toBe('dissolution');
  });
});

describe('floor motions: admission', () => {
  it('the chair admits a submitted motion with a reach rank from 1, or rejects it with a reason', () => {
    expect(checkAdmission('submitted', { admit: true, reach: 1 }).ok).toBe(true);
    expect(checkAdmission('submitted', { admit: true, reach: 0 })).toMatchObject({
      reason: 'floor_motion.reach_invalid',
    });
    expect(checkAdmission('submitted', { admit: true, reach: 1.5 })).toMatchObject({
      reason: 'floor_motion.reach_invalid',
    });
    expect(checkAdmission('submitted', { admit: false, reason: ' ' })).toMatchObject({
      reason: 'floor_motion.reason_required',
    });
    expect(checkAdmission('admitted', { admit: false, reason: 'doppelt' })).toMatchObject({
      reason: 'floor_motion.not_submitted',
    });
  });
});

describe('floor motions: voting order', () => {
  it('C11: procedural motions first, then counter-motions, then amendments; furthest reach first; ties by submission', () => {
    const order = votingOrder([
      m('a1', 'amendment', 2, 1),
      m('a2', 'amendment', 1, 2),
      m('c1', 'counter_motion', 1, 3),
      m('p1', 'close_debate', 1, 4),
      m('a3', 'amendment', 2, 0),
      m('p0', 'adjourn', 1, 5),
    ]);
    expect(order.map((x) => x.id)).toEqual(['p1', 'p0', 'c1', 'a2', 'a3', 'a1']);
  });

  it('C11: the next motion to vote is the first admitted one in order; one vote at a time', () => {
    const motions = [
      t('a', 'amendment', 1, 1, 'admitted'),
      t('p', 'adjourn', 3, 2, 'admitted'),
      t('r', 'agenda_order', 1, 0, 'rejected'),
    ];
    expect(nextToVote(motions)).toMatchObject({ ok: true, value: { id: 'p' } });
    expect(nextToVote([...motions, t('v', 'amendment', 1, 3, 'voting')])).toMatchObject({
      ok: false,
      reason: 'floor_motion.vote_pending',
    });
    expect(nextToVote([t('x', 'amendment', 1, 1, 'adopted')])).toMatchObject({
      ok: false,
      reason: 'floor_motion.nothing_to_vote',
    });
  });

  it('C11: the order is a total order independent of the input order, with the groups and ranks in sequence (property)', () => {
    const motion = fc.record({
      kind: fc.constantFrom(...FLOOR_MOTION_KINDS.filter((k) => k !== 'new_item')),
      reach: fc.integer({ min: 1, max: 5 }),
    });
    fc.assert(
      fc.property(fc.array(motion, { maxLength: 25 }), fc.integer(), (raw, seed) => {
        const motions = raw.map((x, i) => m(`id-${i}`, x.kind, x.reach, i));
        const shuffled = [...motions].sort(
          (a, b) => ((a.seq * 7919 + seed) % 101) - ((b.seq * 7919 + seed) % 101),
        );
        const order = votingOrder(motions);
        expect(votingOrder(shuffled)).toEqual(order);
        expect(order).toHaveLength(motions.length);
        const rank = (x: OrderedMotion) => (isProcedural(x.kind) ? 0 : x.kind === 'counter_motion' ? 1 : 2);
        for (let i = 1; i < order.length; i++) {
          const a = order[i - 1] as OrderedMotion;
          const b = order[i] as OrderedMotion;
          expect(rank(a)).toBeLessThanOrEqual(rank(b));
          if (rank(a) === rank(b)) {
            expect(a.reach).toBeLessThanOrEqual(b.reach);
            if (a.reach === b.reach) expect(a.seq).toBeLessThan(b.seq);
          }
        }
      }),
    );
  });
});

describe('floor motions: results', () => {
  it('C11: an adopted counter-motion makes the main motion and the pending item motions lapse, not procedural ones', () => {
    const c = t('c', 'counter_motion', 1, 1, 'voting');
    const others = [
      c,
      t('a', 'amendment', 1, 2, 'admitted'),
      t('p', 'adjourn', 1, 3, 'admitted'),
      t('d', 'amendment', 1, 0, 'adopted'),
    ];
    expect(decideOutcome(c, true, others, undefined)).toEqual({
      ok: true,
      value: { status: 'adopted', lapsed: ['a'], mainMotionLapses: true, amendedText: null },
    });
    expect(decideOutcome(c, false, others, undefined)).toMatchObject({
      ok: true,
      value: { status: 'defeated', lapsed: [], mainMotionLapses: false },
    });
  });

  it('C11: an adopted amendment records the main motion as amended', () => {
    const a = t('a', 'amendment', 1, 1, 'voting');
    expect(decideOutcome(a, true, [a], '')).toMatchObject({
      ok: false,
      reason: 'floor_motion.amended_text_required',
    });
    expect(decideOutcome(a, true, [a], ' Dividende 3 % ')).toMatchObject({
      ok: true,
      value: { status: 'adopted', amendedText: 'Dividende 3 %', mainMotionLapses: false },
    });
    expect(decideOutcome(t('b', 'amendment', 1, 1, 'admitted'), true, [], 'x')).toMatchObject({
      ok: false,
      reason: 'floor_motion.not_voting',
    });
  });
});
