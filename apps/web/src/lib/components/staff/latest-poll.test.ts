import { describe, expect, it } from 'vitest';
import type { PollView } from '$lib/api/staff';
import { latestPoll } from './staff-format';

const poll = (id: string, round: number, status: PollView['status'], floor = false): PollView =>
  ({
    id,
    agendaItemId: 'item',
    round,
    rehearsal: false,
    status,
    config: floor
      ? { floorMotion: { id: `m-${id}`, kind: 'amendment', text: 'x', textSha256: 'a'.repeat(64) } }
      : {},
  }) as unknown as PollView;

describe('the item poll the chair console acts on', () => {
  it('C11: a floor motion being voted on is the poll until declared; then the main motion again', () => {
    expect(latestPoll([poll('main', 1, 'draft'), poll('f', 1, 'open', true)], 'item')?.id).toBe('f');
    expect(latestPoll([poll('f', 1, 'declared', true)], 'item')).toBeUndefined();
    expect(latestPoll([poll('f', 1, 'declared', true), poll('main', 1, 'draft')], 'item')?.id).toBe('main');
  });
});
