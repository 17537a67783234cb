import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkListChange,
  checkSpeakRequest,
  checkTimer,
  pickSpeaker,
  queuePlace,
  remainingSeconds,
  type SpeakerRequest,
  speakerQueue,
} from '../src/index.ts';

const req = (id: string, order: number, pointOfOrder = false): SpeakerRequest => ({
  id,
  memberId: `m-${id}`,
  pointOfOrder,
  order,
});

describe('speakers list', () => {
  it('C11: points of order speak first, each group in request order', () => {
    const queue = speakerQueue([req('a', 1), req('b', 2, true), req('c', 3), req('d', 4, true), req('e', 5)]);
    expect(queue.map((r) => r.id)).toEqual(['b', 'd', 'a', 'c', 'e']);
    expect(queuePlace([req('a', 1), req('b', 2, true)], 'm-a')).toBe(2);
    expect(queuePlace([req('a', 1)], 'm-x')).toBeNull();
  });

  it('C11: the queue is always points-of-order first and stable within each group (property)', () => {
    const requests = fc
      .uniqueArray(fc.record({ order: fc.integer({ min: 1, max: 10_000 }), pointOfOrder: fc.boolean() }), {
        selector: (r) => r.order,
        maxLength: 40,
      })
      .chain((rows) =>
        fc
          .shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length })
          .map((shuffled) => shuffled.map((r) => ({ id: `r${r.order}`, memberId: `m${r.order}`, ...r }))),
      );
    fc.assert(
      fc.property(requests, (input) => {
        const queue = speakerQueue(input);
        // A permutation of the input.
        expect([...queue].sort((a, b) => a.order - b.order)).toEqual(
          [...input].sort((a, b) => a.order - b.order),
        );
        // No ordinary request before a point of order.
        const firstOrdinary = queue.findIndex((r) => !r.pointOfOrder);
        if (firstOrdinary >= 0) expect(queue.slice(firstOrdinary).every((r) => !r.pointOfOrder)).toBe(true);
        // Within each group, request order.
        for (const group of [true, false]) {
          const orders = queue.filter((r) => r.pointOfOrder === group).map((r) => r.order);
          expect(orders).toEqual([...orders].sort((a, b) => a - b));
        }
        // Stable: the queue of the queue is itself, and the head is what pickSpeaker calls.
        expect(speakerQueue(queue)).toEqual(queue);
        const picked = pickSpeaker(input);
        if (queue[0]) expect(picked.ok && picked.value).toEqual(queue[0]);
        else expect(picked.ok).toBe(false);
      }),
    );
  });

  it('R25: only a member present may ask to speak; one waiting request per member and item', () => {
    const base = { currentItemId: 'top-1', listClosed: false, present: true, waiting: [], memberId: 'm-a' };
    expect(checkSpeakRequest(base)).toEqual({ ok: true, value: { itemId: 'top-1' } });
    expect(checkSpeakRequest({ ...base, present: false })).toMatchObject({ reason: 'speakers.not_present' });
    expect(checkSpeakRequest({ ...base, waiting: [req('a', 1)] })).toMatchObject({
      reason: 'speakers.already_requested',
    });
    expect(checkSpeakRequest({ ...base, waiting: [req('b', 1)] }).ok).toBe(true);
    expect(checkSpeakRequest({ ...base, currentItemId: null })).toMatchObject({
      reason: 'speakers.no_current_item',
    });
  });

  it('a closed list refuses new requests, but those waiting are still called', () => {
    const base = { currentItemId: 'top-1', listClosed: true, present: true, waiting: [], memberId: 'm-a' };
    expect(checkSpeakRequest(base)).toMatchObject({ reason: 'speakers.list_closed' });
    expect(pickSpeaker([req('a', 1)])).toMatchObject({ ok: true, value: { id: 'a' } });
    expect(checkListChange(true, true)).toMatchObject({ reason: 'speakers.list_closed' });
    expect(checkListChange(false, false)).toMatchObject({ reason: 'speakers.list_open' });
    expect(checkListChange(false, true)).toEqual({ ok: true, value: { closed: true } });
  });

  it('the chair may call a specific waiting request, never one that is gone', () => {
    const waiting = [req('a', 1), req('b', 2)];
    expect(pickSpeaker(waiting, 'b')).toMatchObject({ ok: true, value: { id: 'b' } });
    expect(pickSpeaker(waiting, 'z')).toMatchObject({ reason: 'speakers.not_waiting' });
    expect(pickSpeaker([])).toMatchObject({ reason: 'speakers.queue_empty' });
  });

  it('the speaking time runs from a start instant and shows the overrun', () => {
    expect(remainingSeconds('2026-06-20T10:00:00.000Z', 180, '2026-06-20T10:01:00.500Z')).toBe(120);
    expect(remainingSeconds('2026-06-20T10:00:00.000Z', 180, '2026-06-20T10:03:10.000Z')).toBe(-10);
    expect(checkTimer({ hasSpeaker: false, running: false }, true)).toMatchObject({
      reason: 'speakers.no_speaker',
    });
    expect(checkTimer({ hasSpeaker: true, running: false }, false)).toMatchObject({
      reason: 'speakers.timer_not_running',
    });
    expect(checkTimer({ hasSpeaker: true, running: true }, false).ok).toBe(true);
  });
});
