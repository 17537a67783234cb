import type { ErrorCode } from '@plenum/contracts';
import type { ReasonCode } from '@plenum/domain';

/**
 * A use case said no: a stable error code, a message for people, and details for clients. A service
 * throws it and names no HTTP status; the edge looks the status up in the one table
 * (`http/refusals.ts`). Throwing inside a transaction rolls it back, so a refused request changes
 * nothing (unless the service recorded the refusal on purpose and committed first).
 */
export class Refusal extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'Refusal';
  }
}

/** A domain refusal (`Result` with `ok: false`) as the refusal a service throws. */
export function refuse(result: {
  ok: false;
  reason: ReasonCode;
  message: string;
  details?: Readonly<Record<string, unknown>>;
}): Refusal {
  return new Refusal(result.reason, result.message, { ...result.details });
}
