import { drawLots } from '@plenum/domain';
import { describe, expect, it } from 'vitest';
import { replayLot } from '../src/verify/index.ts';

describe('replayLot', () => {
  it('makes the domain draw exactly the recorded winners, for every choice of winners', () => {
    const among = ['d', 'b', 'a', 'c'];
    for (const winners of [['a'], ['d'], ['c', 'a'], ['b', 'd', 'a']]) {
      expect(drawLots(among, winners.length, replayLot(among, winners))).toEqual(winners);
    }
  });
});
