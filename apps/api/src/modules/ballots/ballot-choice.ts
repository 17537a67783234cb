import { ApiError } from '../../http/errors.ts';

interface PollShape {
  kind: string;
  options: unknown[];
  config: Record<string, unknown>;
}

/**
 * Checks a choice against the poll before anything is stored: a motion takes yes, no or abstain;
 * an election ballot names at most `votesPerBallot` different candidates of this round (none is
 * an abstention), or — where the statute allows lists (C6 d) — a yes/no/abstain on the list.
 */
export function checkChoice(poll: PollShape, choice: unknown): void {
  if (poll.kind !== 'election') {
    if (typeof choice === 'string' && poll.options.includes(choice)) return;
    throw invalid(`The choice must be one of: ${poll.options.join(', ')}.`, { options: poll.options });
  }
  const ballot = choice as { kind?: unknown; choices?: unknown; choice?: unknown } | null;
  if (ballot === null || typeof ballot !== 'object') throw invalid('An election ballot is an object.');
  if (ballot.kind === 'list') {
    if (poll.config.method !== 'list') throw invalid('This election is not a list vote.');
    if (ballot.choice === 'yes' || ballot.choice === 'no' || ballot.choice === 'abstain') return;
    throw invalid('A list vote is yes, no or abstain.');
  }
  if (ballot.kind !== 'candidates' || !Array.isArray(ballot.choices)) {
    throw invalid('An election ballot names candidates: { kind: "candidates", choices: [...] }.');
  }
  const choices = ballot.choices as unknown[];
  const max = Number(poll.config.votesPerBallot ?? 1);
  if (new Set(choices).size !== choices.length)
    throw invalid('A candidate can be named only once per ballot.');
  if (choices.length > max)
    throw invalid(`At most ${max} candidate(s) may be named.`, { votesPerBallot: max });
  const unknown = choices.filter((c) => !poll.options.includes(c));
  if (unknown.length > 0) throw invalid('Not a candidate of this ballot round.', { unknown });
}

function invalid(message: string, details: Record<string, unknown> = {}): ApiError {
  return new ApiError(400, 'vote.invalid_choice', message, details);
}
