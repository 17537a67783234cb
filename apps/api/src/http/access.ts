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

/** Response schemas: the success bodies plus the error shape for each error status the route has. */
export function responses(ok: Record<number, TSchema>, ...errors: number[]): Record<number, TSchema> {
  const out: Record<number, TSchema> = { ...ok };
  for (const status of errors) out[status] = ErrorBody;
  return out;
}
