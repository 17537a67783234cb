import type { ChoiceShape, ElectionMethod } from '@plenum/domain';

/** The part of a stored poll that the domain's `checkChoice` needs. */
export function choiceShape(poll: {
  kind: string;
  options: unknown[];
  config: Record<string, unknown>;
}): ChoiceShape {
  if (poll.kind !== 'election') return { kind: 'majority', options: poll.options };
  return {
    kind: 'election',
    options: poll.options,
    votesPerBallot: Number(poll.config.votesPerBallot ?? 1),
    method: poll.config.method as ElectionMethod,
  };
}
