import { describe, expect, it } from 'vitest';
import { isInvited } from '../src/index.ts';
import { DEFAULTS, member, NOW } from './support.ts';

describe('who is invited', () => {
  it('R16: every member of the eG at the assembly is invited, on the roll’s register rules', () => {
    expect(isInvited(member('a'), NOW, DEFAULTS)).toBe(true);
    // Investing members and members without a representative are members: they are invited too.
    expect(isInvited(member('i', { investing: true }), NOW, DEFAULTS)).toBe(true);
    expect(isInvited(member('l', { kind: 'legal_person', representatives: [] }), NOW, DEFAULTS)).toBe(true);
    // Admitted later, left before, expelled (letter sent): not invited.
    expect(isInvited(member('n', { admissionDate: '2025-07-01' }), NOW, DEFAULTS)).toBe(false);
    expect(isInvited(member('x', { exitEffectiveDate: '2024-12-31' }), NOW, DEFAULTS)).toBe(false);
    expect(isInvited(member('e', { expulsionLetterSentAt: '2025-05-01T09:00:00Z' }), NOW, DEFAULTS)).toBe(
      false,
    );
    // The heirs of a member who died this business year are still invited (§77(1) GenG).
    expect(isInvited(member('d', { deceasedOn: '2025-03-01' }), NOW, DEFAULTS)).toBe(true);
    expect(isInvited(member('d2', { deceasedOn: '2024-03-01' }), NOW, DEFAULTS)).toBe(false);
  });
});
