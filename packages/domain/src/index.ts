/**
 * @plenum/domain — the GenG rules of a general assembly as pure functions.
 * No I/O, no clock, no randomness: `now` and random sources are parameters.
 */
export * from './board.ts';
export * from './candidates.ts';
export * from './casting.ts';
export * from './channels.ts';
export * from './convening.ts';
export * from './dates.ts';
export * from './elections.ts';
export * from './exclusions.ts';
export * from './floor-motions.ts';
export * from './fraction.ts';
export * from './hall.ts';
export * from './item-kinds.ts';
export * from './lifecycle.ts';
export * from './minutes.ts';
export * from './motion-text.ts';
export * from './poll-lifecycle.ts';
export * from './proxies.ts';
export * from './random.ts';
export * from './result.ts';
export * from './roll.ts';
export * from './secrecy.ts';
export * from './speakers.ts';
export * from './statute.ts';
export * from './tally.ts';
