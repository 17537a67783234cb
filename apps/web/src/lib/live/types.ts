// The live state of an assembly as GET /api/assemblies/:id/live and the SSE `snapshot` event send
// it. Mirrors LiveSnapshot in packages/contracts/src/live.ts.

export type LiveAssemblyStatus = 'preparation' | 'convened' | 'open' | 'closed';
export type LivePollStatus = 'draft' | 'open' | 'closed' | 'declared';

export interface LiveItem {
  readonly id: string;
  readonly position: number;
  readonly title: string;
  readonly kind: string;
}

export interface LivePoll {
  readonly id: string;
  readonly agendaItemId: string;
  readonly round: number;
  readonly status: LivePollStatus;
  readonly secret: boolean;
  readonly threshold: { readonly num: number; readonly den: number };
  readonly openedAt: string | null;
  readonly closedAt: string | null;
}

export interface LiveTurnout {
  /** Votes cast so far (only how many, never how). */
  readonly voted: number;
  /** Votes available on the roll taken when the poll opened. */
  readonly eligible: number;
  /** Votes barred by §43(6) GenG, shown apart. */
  readonly excluded: number;
}

export interface LiveResult {
  readonly outcome: 'passed' | 'failed';
  readonly counts: {
    readonly yes: number;
    readonly no: number;
    readonly abstain: number;
    readonly invalid: number;
  };
  readonly excluded: number;
  readonly text: string;
  readonly declaredAt: string;
}

export interface LiveSnapshot {
  /** Database-wide live sequence; the SSE event id. */
  readonly seq: number;
  readonly assemblyId: string;
  readonly status: LiveAssemblyStatus;
  readonly currentItem: LiveItem | null;
  readonly poll: LivePoll | null;
  readonly turnout: LiveTurnout | null;
  readonly attendance: { readonly present: number; readonly represented: number };
  readonly result: LiveResult | null;
}

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
