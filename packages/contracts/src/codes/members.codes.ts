/** Error codes of the members routes: stable, documented, never renamed (see ../errors.ts). */
export const MEMBERS_ERROR_CODES = {} as const;
