import type { ErrorCode } from '@plenum/contracts';
import type { ReasonCode } from '@plenum/domain';
import { ApiError } from './errors.ts';

/**
 * The one table that turns a domain refusal into an HTTP status. A state conflict (the poll is not
 * in the state the request needs, somebody voted already) is 409; being refused a right the rules
 * do not grant is 403; a request the rules cannot accept as made (a wrong choice, an empty ballot)
 * is 400; every other rule violation is 422.
 */
const STATUS: Partial<Record<ReasonCode, number>> = {
  'poll.not_open': 409,
  'poll.not_draft': 409,
  'poll.not_closed': 409,
  'poll.already_declared': 409,
  'proxy.already_revoked': 409,
  'proxy.revocation_not_by_party': 409,
  'vote.duplicate': 409,
  'assembly.transition_not_allowed': 409,
  'assembly.not_in_preparation': 409,
  'assembly.not_convened': 409,
  'assembly.not_open': 409,
  'assembly.not_closed': 409,
  'assembly.closed': 409,
  'assembly.polls_open': 409,
  'vote.principal_present': 409,
  'vote.superseded_by_advance': 409,
  'vote.not_present': 403,
  'vote.voter_excluded': 403,
  'vote.not_on_roll': 403,
  'vote.excluded': 403,
  'vote.no_authority': 403,
  'vote.empty': 400,
  'vote.invalid_choice': 400,
};

export function refusalStatus(reason: ReasonCode): number {
  return STATUS[reason] ?? 422;
}

/** A domain refusal as the error the API answers with (the transaction rolls back). */
export function refuse(result: {
  ok: false;
  reason: ReasonCode;
  message: string;
  details?: Readonly<Record<string, unknown>>;
}): ApiError {
  return new ApiError(refusalStatus(result.reason), result.reason as ErrorCode, result.message, {
    ...result.details,
  });
}
