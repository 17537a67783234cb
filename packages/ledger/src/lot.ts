import { sha256Hex } from './bytes.ts';
import { canonicalBytes } from './canonical.ts';

/**
 * What a lot's seed is made of (SPEC.md §11): the value the chair called out in the room, or a
 * fresh random value when the chair gave none; the chain head hash at the draw; the poll.
 */
export interface LotInputs {
  readonly value: string;
  readonly head: string;
  readonly pollId: string;
}

/** seed = sha256(canonical({ head, pollId, value })), lowercase hex (SPEC.md §11). */
export function lotSeed(inputs: LotInputs): string {
  return sha256Hex(canonicalBytes({ head: inputs.head, pollId: inputs.pollId, value: inputs.value }));
}
