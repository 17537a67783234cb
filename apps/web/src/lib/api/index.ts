export { type ApiResponse, api, type RequestOptions, request } from './client';
export {
  ApiError,
  type ApiErrorBody,
  CLIENT_ERROR_CODES,
  type ClientErrorCode,
  isApiErrorBody,
} from './errors';
export type { DatabaseKind, Health, HealthOk, HealthUnavailable } from './types';
