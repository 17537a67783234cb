import { REASON_CODES, type ReasonCode } from '@plenum/domain';
import { type Static, Type } from 'typebox';
import { AGENDA_ERROR_CODES } from './codes/agenda.codes.ts';
import { AUTH_ERROR_CODES } from './codes/auth.codes.ts';
import { HALL_ERROR_CODES } from './codes/hall.codes.ts';
import { LIVE_ERROR_CODES } from './codes/live.codes.ts';
import { MEMBERS_ERROR_CODES } from './codes/members.codes.ts';

/**
 * Every error code the API answers with, and what it means. Codes are stable: clients and tests
 * match on them, so a code is never renamed or reused for another meaning.
 */
export const API_ERROR_CODES = {
  'request.invalid': 'The request does not match the documented schema (see details).',
  'request.unknown_field': 'The body contains a field the route does not accept.',
  'request.too_large': 'The body is larger than the route accepts.',
  'request.unknown_reference':
    'The request refers to something that does not exist (a safety net: routes name the missing thing with a specific code).',
  'request.constraint_violated': 'The request breaks a rule of the stored data (see details).',
  'request.conflict': 'What the request would create already exists.',
  'route.not_found': 'No API route answers this method and path.',
  'server.unavailable': 'The server cannot reach its database right now; try again shortly.',
  'server.internal': 'An unexpected error; it was logged and nothing was changed.',
  'auth.required': 'Log in first (missing, invalid or expired token).',
  'auth.forbidden': 'Your role may not do this.',
  'auth.invalid_credentials': 'Wrong username, member number, password or access code.',
  'auth.locked': 'Too many failed logins for this member number; try again later.',
  'auth.rate_limited': 'Too many requests; slow down and try again shortly.',
  'assembly.not_found': 'No assembly with this id.',
  'assembly.not_in_preparation': 'The assembly can only be changed while in preparation.',
  'assembly.code_unknown': 'No assembly has this short code (check the code on the letter or the projector).',
  'agenda.item_not_found': 'No agenda item with this id in this assembly.',
  'agenda.candidate_exists': 'This member is already a candidate for this item.',
  'assembly.access_denied': 'Your login belongs to another assembly.',
  'objection.member_required': 'Name the member who objects (member id or member number).',
  'member.not_found': 'No member with this id or member number.',
  'poll.not_found': 'No poll with this id.',
  'floor_motion.not_found': 'No motion from the floor with this id in this assembly.',
  'floor_motion.not_declared': 'Declare the result of the poll on this motion first.',
  'floor_motion.main_motion_lapsed':
    "A counter-motion on this item was adopted: it took the main motion's place, which is not voted on.",
  'poll.not_declared': 'Only a declared result can be corrected.',
  'poll.lot_required':
    'The election ended in a tie on the last seats: the chair draws the lot before the result is declared.',
  'poll.lot_not_required': 'This poll has no tie on the last seats to be drawn by lot.',
  'poll.lot_already_drawn': 'The lot for this tie has already been drawn; it is not drawn again.',
  'poll.tally_mismatch': 'The stored ballots do not add up; the poll was not closed (see details).',
  'attendance.already_present': 'The member is already checked in.',
  'attendance.not_present': 'The member is not checked in.',
  'attendance.not_admitted':
    'The member may not attend (e.g. expelled or not a member); the refusal is recorded.',
  'attendance.channel_not_offered':
    'This assembly does not offer that channel (e.g. online check-in at an in-person assembly).',
  'proxy.not_found': 'No proxy grant with this id.',
  'proxy.holder_not_found': 'The proxy holder is not on the register.',
  'proxy.principal_not_found': 'The member granting the proxy (the principal) is not on the register.',
  'vote.duplicate': 'A vote has already been cast for this member in this poll.',
  'vote.cast_by_proxy':
    'Your proxy holder already voted for you in this poll while you were absent; that is your vote here.',
  'vote.not_on_roll': 'The member is not entitled to vote in this poll (see details.reason).',
  'vote.excluded': 'The member is barred from voting on this item by §43(6) GenG, in person and by proxy.',
  'vote.voter_excluded':
    'The person casting is barred by §43(6) GenG and may cast no vote at all on this item.',
  'vote.no_authority': "You may not cast this member's vote (no proxy or representation on file).",
  'vote.not_present': 'Check in first: only members present in the room or online may vote.',
  'vote.principal_present': 'The principal is present and votes in person; the proxy does not apply (R5).',
  'vote.invalid_choice': "The choice is not one of this poll's options.",
  'vote.empty': 'No votes in the request.',
  'vote.advance_not_allowed': 'The statute does not provide for advance voting (C8).',
  'vote.advance_closed': 'Advance voting ends when the poll opens; vote in the poll now.',
  'vote.superseded_by_advance': "The statute ranks this member's advance vote above a proxy vote (C8, R5).",
  'receipt.invalid': 'This is not a well-formed receipt code.',
  'receipt.poll_not_closed': 'Receipts can be checked once the poll is closed.',
  ...AUTH_ERROR_CODES,
  ...AGENDA_ERROR_CODES,
  ...MEMBERS_ERROR_CODES,
  ...LIVE_ERROR_CODES,
  ...HALL_ERROR_CODES,
} as const;

/**
 * Every error code the API answers with: its own, and the domain's reason codes (a refused proxy,
 * a configuration below a legal minimum, …), which pass through unchanged.
 */
export const ERROR_CODES: Readonly<Record<ApiErrorCode | ReasonCode, string>> = {
  ...API_ERROR_CODES,
  ...(Object.fromEntries(
    REASON_CODES.map((code) => [code, 'Refused by the rules of GenG or the statute; see the message.']),
  ) as Record<ReasonCode, string>),
};

export type ApiErrorCode = keyof typeof API_ERROR_CODES;
export type ErrorCode = ApiErrorCode | ReasonCode;

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable, documented error code, e.g. "vote.duplicate".' }),
      message: Type.String({ description: 'A clear message for people.' }),
      details: Type.Record(Type.String(), Type.Unknown()),
    }),
  },
  { description: 'The one error shape of the API.' },
);
export type ErrorBody = Static<typeof ErrorBody>;

export function errorBody(
  code: ErrorCode,
  message: string,
  details: Record<string, unknown> = {},
): ErrorBody {
  return { error: { code, message, details } };
}
