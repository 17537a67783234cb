/** The scenario talks to Plenum only over its API, through the shared app.inject helper. */
export { http, type Reply } from './support/http.ts';

/** Runs `fn` over `items` with at most `concurrency` in flight (members act at the same time). */
export async function inParallel<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i] as T, i);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** A distinct client address per member, as if each used their own device (login rate limit). */
export const ipOf = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

export type MotionChoice = 'yes' | 'no' | 'abstain';

/**
 * The expected tally of a yes/no poll, computed here from the choices sent (R12–R14): abstentions
 * are not in the base, excluded votes are reported apart, and a qualified majority `num/den` passes
 * iff yes > no and den·yes ≥ num·(yes + no).
 */
export function expectedMotion(
  choices: readonly MotionChoice[],
  threshold: { num: number; den: number },
  excluded: number,
) {
  const counts = { yes: 0, no: 0, abstain: 0, invalid: 0 };
  for (const c of choices) counts[c] += 1;
  const base = counts.yes + counts.no;
  const passed = counts.yes > counts.no && threshold.den * counts.yes >= threshold.num * base;
  return { counts, base, ballots: choices.length, excluded, passed };
}

/** Picks yes/no/abstain with the given percentages from a seeded source. */
export function motionChooser(random: () => number, yesPct: number, noPct: number) {
  return (): MotionChoice => {
    const r = random() * 100;
    return r < yesPct ? 'yes' : r < yesPct + noPct ? 'no' : 'abstain';
  };
}

/**
 * Election ballots for two seats and three candidates, then evened out so that the second and
 * third candidate end with exactly the same number of votes: a tie on the last seat, which the
 * statute's default method (C6 a, most votes) decides by lot (R22).
 */
export function tiedElectionBallots(random: () => number, count: number, [a, b, c]: readonly string[]) {
  const kinds: string[][] = [[a, b], [a, c], [a], [b], [c], [], [b, c], [a, b], [a, c]].map((k) =>
    k.filter((x): x is string => x !== undefined),
  );
  const ballots = Array.from({ length: count }, () => [
    ...(kinds[Math.floor(random() * kinds.length)] ?? []),
  ]);
  const votesFor = (id: string | undefined) => ballots.filter((x) => x.includes(id ?? '')).length;
  // Strike the surplus candidate from ballots (last first) until the two are level.
  for (let i = ballots.length - 1; i >= 0 && votesFor(b) !== votesFor(c); i--) {
    const more = votesFor(b) > votesFor(c) ? b : c;
    const ballot = ballots[i] ?? [];
    if (ballot.includes(more ?? '')) ballots[i] = ballot.filter((x) => x !== more);
  }
  return ballots;
}

/** The expected count of an election round (C6 a): valid ballots name someone, empty ones abstain. */
export function expectedElection(ballots: readonly string[][], candidates: readonly string[]) {
  const votes = new Map<string, number>(candidates.map((c) => [c, 0]));
  for (const b of ballots) for (const c of b) votes.set(c, (votes.get(c) ?? 0) + 1);
  return {
    validBallots: ballots.filter((b) => b.length > 0).length,
    abstentions: ballots.filter((b) => b.length === 0).length,
    votes,
  };
}
