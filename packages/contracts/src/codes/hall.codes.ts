/** Error codes of tellers and hall counts: stable, documented, never renamed (see ../errors.ts). */
export const HALL_ERROR_CODES = {
  'teller.not_found': 'No active staff user with the role teller has this id.',
  'teller.already_appointed': 'This teller is already appointed for the assembly.',
  'hall.not_teller': 'Only a teller the chair appointed for this assembly may enter or confirm a hall count.',
  'hall.not_counted':
    'This poll is not counted in the hall (electronic method, or the assembly has no hall).',
  'hall.poll_not_closed':
    'The hall count is entered once the poll is closed, and before its result is declared.',
  'hall.already_confirmed': 'The hall count of this poll is confirmed; it can no longer change.',
  'vote.counted_in_hall':
    'This poll is counted in the hall by the tellers: members in the hall vote there, not on the phone.',
} as const;
