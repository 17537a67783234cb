import { ErrorBody } from '@plenum/contracts';
import type { FastifyRequest } from 'fastify';
import type { TSchema } from 'typebox';
import { ApiError } from './errors.ts';

/** A member token opens only its own assembly; staff tokens open every assembly. */
export function assertAssemblyAccess(request: FastifyRequest, assemblyId: string): void {
  const user = request.user;
  if (user.kind === 'member' && user.assemblyId !== assemblyId) {
    throw new ApiError(403, 'assembly.access_denied', 'Your login belongs to another assembly.');
  }
}

/**
 * Response schemas: the success bodies plus the error shape for each error status the route has.
 * The literal map type is kept, so the TypeBox type provider checks every reply against its schema.
 */
export function responses<const T extends Record<number, TSchema>, const E extends number = never>(
  ok: T,
  ...errors: E[]
): T & Record<E, typeof ErrorBody> {
  const out: Record<number, TSchema> = { ...ok };
  for (const status of errors) out[status] = ErrorBody;
  return out as T & Record<E, typeof ErrorBody>;
}
