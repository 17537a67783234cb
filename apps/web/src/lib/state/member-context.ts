import { getContext, setContext } from 'svelte';
import type { LiveAssembly } from '$lib/live';
import type { MemberSession } from './member-session.svelte';

/** What the member layout hands its pages: the session and the live state of the assembly. */
export interface MemberContext {
  readonly session: MemberSession;
  /** Created once the member is known to be logged in. */
  readonly live: () => LiveAssembly | null;
}

const KEY = Symbol('plenum.member');

export function setMemberContext(context: MemberContext): void {
  setContext(KEY, context);
}

export function getMemberContext(): MemberContext {
  const context = getContext<MemberContext | undefined>(KEY);
  if (!context) throw new Error('getMemberContext() outside the member layout');
  return context;
}
