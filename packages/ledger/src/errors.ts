/**
 * Every input the ledger refuses raises a LedgerError with a stable, dotted code, so callers (the
 * API, the offline verifier) can map it to their own error shape without parsing messages.
 */
export type LedgerErrorCode =
  | 'canonical.unsupported'
  | 'canonical.number'
  | 'canonical.string'
  | 'canonical.cycle'
  | 'bytes.hex'
  | 'chain.entry'
  | 'merkle.index'
  | 'merkle.duplicate'
  | 'receipt.entropy'
  | 'receipt.invalid'
  | 'signature.key'
  | 'seal.secret'
  | 'seal.nonce'
  | 'seal.too_large'
  | 'seal.malformed'
  | 'seal.unauthentic';

export class LedgerError extends Error {
  readonly code: LedgerErrorCode;

  constructor(code: LedgerErrorCode, message: string) {
    super(message);
    this.name = 'LedgerError';
    this.code = code;
  }
}
