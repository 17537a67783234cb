/** Error codes of the live routes: stable, documented, never renamed (see ../errors.ts). */
export const LIVE_ERROR_CODES = {} as const;
