export {
  fetchLiveSnapshot,
  LiveAssembly,
  type LiveAssemblyOptions,
  type LiveConnection,
} from './live-assembly.svelte';
export type {
  LiveAssemblyStatus,
  LiveItem,
  LivePoll,
  LivePollStatus,
  LiveResult,
  LiveSnapshot,
  LiveTurnout,
} from './types';
export { isLiveSnapshot } from './types';
