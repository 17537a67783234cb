import { type AssemblyActivity, type AssemblyStatus, permits } from '@plenum/domain';
import type { Trx } from '../../db/types.ts';
import { refuse } from '../refusal.ts';
import { lockAssemblyState } from './assemblies.queries.ts';

/**
 * Refuses `activity` unless the assembly's state permits it (lifecycle, `permits` in the domain):
 * 409 `assembly.not_convened`, `assembly.not_open` or `assembly.closed`. Takes the assembly row
 * `for share` (or `for update` when the caller changes the row), so a transition of the same assembly waits for this transaction to end.
 */
export async function assertAssemblyPermits(
  trx: Trx,
  assemblyId: string,
  activity: AssemblyActivity,
  mode: 'share' | 'update' = 'share',
): Promise<AssemblyStatus> {
  const row = await lockAssemblyState(trx, assemblyId, mode);
  const verdict = permits(row.status, activity);
  if (!verdict.ok) throw refuse(verdict);
  return row.status;
}

/** The same check on a state the caller has already locked. */
export function assertPermitted(status: AssemblyStatus, activity: AssemblyActivity): void {
  const verdict = permits(status, activity);
  if (!verdict.ok) throw refuse(verdict);
}
