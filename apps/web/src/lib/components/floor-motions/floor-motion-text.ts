import type { FloorMotionView } from '$lib/api/floor-motions';

/** The words for each kind and state of a motion from the floor (both languages in the catalogues). */
export const KIND_KEYS = {
  amendment: 'floor.kind.amendment',
  counter_motion: 'floor.kind.counter_motion',
  close_debate: 'floor.kind.close_debate',
  adjourn: 'floor.kind.adjourn',
  secret_ballot: 'floor.kind.secret_ballot',
  agenda_order: 'floor.kind.agenda_order',
} as const satisfies Record<FloorMotionView['kind'], string>;

export const STATUS_KEYS = {
  submitted: 'floor.status.submitted',
  admitted: 'floor.status.admitted',
  rejected: 'floor.status.rejected',
  voting: 'floor.status.voting',
  adopted: 'floor.status.adopted',
  defeated: 'floor.status.defeated',
  lapsed: 'floor.status.lapsed',
} as const satisfies Record<FloorMotionView['status'], string>;
