// The live state of an assembly as GET /api/assemblies/:id/live and the SSE `snapshot` event send
// it: LiveSnapshot of @plenum/contracts.
import type { LiveSnapshot } from '@plenum/contracts';

export type {
  LiveAssemblyStatus,
  LiveItem,
  LivePoll,
  LiveResult,
  LiveSnapshot,
  LiveSpeakers,
  LiveTurnout,
} from '@plenum/contracts';
export type LivePollStatus = NonNullable<LiveSnapshot['poll']>['status'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A light shape check: enough to never render garbage, trusting the server for the details. */
export function isLiveSnapshot(value: unknown): value is LiveSnapshot {
  return (
    isRecord(value) &&
    typeof value.seq === 'number' &&
    typeof value.assemblyId === 'string' &&
    typeof value.status === 'string' &&
    isRecord(value.attendance) &&
    (value.currentItem === null || isRecord(value.currentItem)) &&
    (value.poll === null || isRecord(value.poll)) &&
    (value.turnout === null || isRecord(value.turnout)) &&
    (value.result === null || isRecord(value.result))
  );
}
