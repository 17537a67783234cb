/** Error codes of the auth routes: stable, documented, never renamed (see ../errors.ts). */
export const AUTH_ERROR_CODES = {} as const;
