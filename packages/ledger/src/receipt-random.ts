import { randomBytes } from 'node:crypto';
import { createReceipt, RECEIPT_RANDOM_BYTES } from './receipts.ts';

/**
 * IMPURE: the one place the ledger draws randomness. Services take a `random` dependency
 * (docs/ARCHITECTURE.md: dependencies are passed in) and may call `createReceipt` with it instead; this is for callers that don't.
 */
export function newReceipt(): string {
  return createReceipt(randomBytes(RECEIPT_RANDOM_BYTES));
}
