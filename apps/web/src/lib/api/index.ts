export type { DatabaseKind, Health, HealthOk, HealthUnavailable } from '@plenum/contracts';
export {
  type ApiResponse,
  api,
  get,
  type RequestOptions,
  request,
  requestText,
  send,
  upload,
} from './client';
export {
  ApiError,
  type ApiErrorBody,
  CLIENT_ERROR_CODES,
  type ClientErrorCode,
  isApiErrorBody,
} from './errors';
export { backoffMs, isTransient, newRequestId, sleep } from './retry';
