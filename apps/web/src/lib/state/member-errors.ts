import { ApiError, CLIENT_ERROR_CODES } from '$lib/api';
import { type MessageKey, t } from '$lib/i18n';
import { errorMessage } from '$lib/i18n/errors';

/** Server codes shown with our own words (both languages); anything else shows the server's message. */
const KNOWN: Partial<Record<string, MessageKey>> = {
  'vote.duplicate': 'error.vote.duplicate',
  'vote.excluded': 'error.vote.excluded',
  'vote.voter_excluded': 'error.vote.voter_excluded',
  'vote.not_present': 'error.vote.not_present',
  'vote.not_on_roll': 'error.vote.not_on_roll',
  'vote.no_authority': 'error.vote.no_authority',
  'vote.principal_present': 'error.vote.principal_present',
  'vote.invalid_choice': 'error.vote.invalid_choice',
  'vote.empty': 'error.vote.empty',
  'poll.not_open': 'error.poll.not_open',
  'poll.not_found': 'error.poll.not_found',
  'receipt.poll_not_closed': 'error.receipt.poll_not_closed',
  'receipt.invalid': 'error.receipt.invalid',
  'auth.invalid_credentials': 'error.auth.invalid_credentials',
  'auth.locked': 'error.auth.locked',
  'auth.rate_limited': 'error.auth.rate_limited',
  'auth.throttled': 'error.auth.throttled',
  'auth.assembly_closed': 'error.auth.assembly_closed',
  'auth.required': 'error.auth.required',
  'attendance.channel_not_offered': 'error.attendance.channel_not_offered',
  'attendance.already_present': 'error.attendance.already_present',
  'request.invalid': 'error.request.invalid',
  [CLIENT_ERROR_CODES.network]: 'error.network',
  [CLIENT_ERROR_CODES.timeout]: 'error.network',
};

/** A failure in plain words, in the current language. */
export function describeError(error: unknown, overrides: Partial<Record<string, MessageKey>> = {}): string {
  if (error instanceof ApiError) {
    const key = overrides[error.code] ?? KNOWN[error.code];
    if (key) return t(key as 'error.network');
    // Every API code has words in both languages; the server's own (English) text only for a
    // code this app does not know yet.
    return errorMessage(error.code) ?? t('error.unknown', { message: error.message });
  }
  return t('error.unknown', { message: error instanceof Error ? error.message : String(error) });
}

/** Why a member has no vote in a poll (`MyVotesView.reason`), in plain words. */
export function describeReason(reason: string): string {
  if (reason === 'roll.not_on_register') return t('reason.roll.not_on_register');
  if (reason === 'poll.not_open') return t('reason.poll.not_open');
  if (reason === 'roll.investing_member_no_vote') return t('reason.roll.investing_member_no_vote');
  if (reason.startsWith('exclusion.')) return t('reason.excluded');
  // R27: a vote counted in the hall is given there (the error catalogue has its words).
  if (reason === 'vote.counted_in_hall') return errorMessage(reason) ?? t('reason.other', { reason });
  return t('reason.other', { reason });
}
