/** Error codes of the auth routes: stable, documented, never renamed (see ../errors.ts). */
export const AUTH_ERROR_CODES = {
  'auth.password_too_short': 'Staff passwords need at least 12 characters.',
  'auth.username_taken': 'A staff user with this username already exists (usernames ignore case).',
  'auth.codes_already_issued':
    'Every member asked for already has an access code for this assembly; send regenerate: true to replace them.',
  'auth.assembly_closed': 'The assembly is closed: no access codes are issued for it any more.',
  'auth.throttled':
    'Too many wrong attempts for this login from your address: wait the few seconds in Retry-After (other addresses are not affected).',
  'auth.staff_user_not_found': 'No staff user with this id.',
  'request.cross_site':
    'A state-changing request from another site, or one without a JSON/multipart/CSV body and without a matching Origin, is refused.',
} as const;
