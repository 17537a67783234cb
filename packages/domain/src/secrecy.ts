/**
 * Secret-ballot triggers (R24, C5).
 */
import { reachesShare } from './fraction.ts';
import { type ItemKind, itemKindRule } from './item-kinds.ts';
import type { StatuteConfig } from './statute.ts';

/** Why a poll is secret or open. */
export type SecrecyReason =
  | 'secret.board_election'
  | 'secret.requested'
  | 'secret.kind_default'
  | 'secret.not_required';

/**
 * A request for a secret ballot (R24): the members supporting it and the number the share is
 * measured against — the valid votes on the request, or the members present when the chair
 * counted it against those present (`basis`).
 */
export interface SecretBallotRequest {
  readonly supporting: number;
  readonly validVotes: number;
  readonly basis?: 'valid_votes' | 'members_present';
}

/**
 * R24: secret ballot is mandatory for board elections (if the statute says so) and when the
 * request reaches the statute's share of valid votes (default 1/4, inclusive).
 */
export function secretBallotDecision(
  kind: ItemKind,
  statute: StatuteConfig,
  request?: SecretBallotRequest,
): { readonly secret: boolean; readonly reason: SecrecyReason } {
  const isBoardElection = kind === 'supervisory_board_election' || kind === 'management_board_election';
  if (isBoardElection && statute.voting.secretForBoardElections)
    return { secret: true, reason: 'secret.board_election' };
  const share = statute.voting.secretOnRequestShare;
  if (request !== undefined && share !== null && request.validVotes > 0) {
    if (reachesShare(request.supporting, request.validVotes, share))
      return { secret: true, reason: 'secret.requested' };
  }
  if (itemKindRule(kind).defaultSecret) return { secret: true, reason: 'secret.kind_default' };
  return { secret: false, reason: 'secret.not_required' };
}
