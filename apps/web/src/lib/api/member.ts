// Member, receipt and projector calls. Shapes mirror packages/contracts/src/{auth,polls,
// assemblies,attendance}.ts; the server validates every body, so the client trusts its answers.
import { request } from './client';

const enc = encodeURIComponent;

export type StaffRoleName = 'admin' | 'chair' | 'desk' | 'auditor';

export interface StaffPrincipal {
  readonly kind: 'staff';
  readonly username: string;
  readonly role: StaffRoleName;
  readonly displayName: string;
}

export interface MemberPrincipal {
  readonly kind: 'member';
  readonly memberId: string;
  readonly memberNumber: string;
  readonly assemblyId: string;
  readonly name: string;
}

export type CurrentUser = StaffPrincipal | MemberPrincipal;

export interface LoginResult {
  readonly user: CurrentUser;
  readonly expiresAt: string;
}

export type AssemblyForm = 'in_person' | 'virtual' | 'hybrid' | 'extended';

export interface AssemblyInfo {
  readonly id: string;
  readonly title: string;
  readonly form: AssemblyForm;
  readonly place: string | null;
  readonly startsAt: string;
  readonly status: 'preparation' | 'convened' | 'open' | 'closed';
  readonly currentItemId: string | null;
}

export interface CandidateInfo {
  readonly id: string;
  readonly memberId: string;
  readonly memberNumber: string;
  readonly name: string;
  readonly position: number;
}

export interface AgendaItemInfo {
  readonly id: string;
  readonly position: number;
  readonly kind: string;
  readonly title: string;
  readonly body: string;
  readonly legalBasis: string;
  readonly threshold: { readonly num: number; readonly den: number };
  readonly decision: 'majority' | 'election' | 'none';
  readonly candidates: readonly CandidateInfo[];
  readonly details: Readonly<Record<string, unknown>>;
}

export type PollStatus = 'draft' | 'open' | 'closed' | 'declared';

export interface ElectionTally {
  readonly seats: number;
  readonly validBallots: number;
  readonly abstentions: number;
  readonly invalidBallots: number;
  readonly votes: readonly { readonly candidateId: string; readonly votes: number }[];
  readonly elected: readonly {
    readonly candidateId: string;
    readonly votes: number;
    readonly byLot: boolean;
  }[];
  readonly outcome: string;
}

export interface PollInfo {
  readonly id: string;
  readonly assemblyId: string;
  readonly agendaItemId: string;
  readonly round: number;
  readonly kind: 'majority' | 'election';
  readonly itemKind: string;
  readonly secret: boolean;
  readonly threshold: { readonly num: number; readonly den: number };
  readonly options: readonly unknown[];
  readonly config: Readonly<Record<string, unknown>>;
  readonly status: PollStatus;
  readonly votesAvailable: number | null;
  readonly votesExcluded: number | null;
  readonly voted: number;
  readonly tally: Readonly<Record<string, unknown>> | null;
  readonly declaration: { readonly text: string; readonly outcome: string; readonly at: string } | null;
}

export type VoteCapacity = 'own' | 'legal_representative' | 'heirs_representative' | 'proxy';

export interface CastableVote {
  readonly memberId: string;
  readonly memberNumber: string;
  readonly name: string;
  readonly capacity: VoteCapacity;
  readonly cast: boolean;
}

export interface MyVotes {
  readonly pollId: string;
  readonly status: PollStatus;
  readonly present: boolean;
  readonly votes: readonly CastableVote[];
  readonly reason: string | null;
}

export type MotionChoice = 'yes' | 'no' | 'abstain';
export type BallotChoice =
  | MotionChoice
  | { readonly kind: 'candidates'; readonly choices: readonly string[] };

export interface CastReceipt {
  readonly memberId: string;
  readonly receipt: string;
}

export interface ReceiptCheck {
  readonly pollId: string;
  readonly status: 'counted' | 'not_found';
  readonly receiptsRoot: string | null;
}

/** The chain head right after one declared result (its poll.declared ledger entry). */
export interface DeclaredHead {
  readonly pollId: string;
  readonly declarationId: string;
  readonly seq: number;
  readonly hash: string;
  readonly at: string;
}

/** GET /api/assemblies/:id/evidence (public): what an auditor pins a bundle to. */
export interface AssemblyEvidence {
  readonly assemblyId: string;
  readonly key: { readonly algorithm: 'Ed25519'; readonly publicKey: string; readonly fingerprint: string };
  readonly declared: readonly DeclaredHead[];
  readonly latest: DeclaredHead | null;
}

const body = <T>(r: { body: unknown }) => r.body as T;

export const memberApi = {
  async memberLogin(assemblyId: string, memberNumber: string, code: string): Promise<LoginResult> {
    const r = await request('/api/auth/member/login', {
      method: 'POST',
      body: { assemblyId, memberNumber, code },
    });
    return body<LoginResult>(r);
  },
  async staffLogin(username: string, password: string): Promise<LoginResult> {
    return body<LoginResult>(
      await request('/api/auth/staff/login', { method: 'POST', body: { username, password } }),
    );
  },
  async me(): Promise<CurrentUser> {
    return body<{ user: CurrentUser }>(await request('/api/auth/me')).user;
  },
  async logout(): Promise<void> {
    await request('/api/auth/logout', { method: 'POST' });
  },
  async assembly(assemblyId: string): Promise<AssemblyInfo> {
    return body<AssemblyInfo>(await request(`/api/assemblies/${enc(assemblyId)}`));
  },
  async evidence(assemblyId: string): Promise<AssemblyEvidence> {
    return body<AssemblyEvidence>(await request(`/api/assemblies/${enc(assemblyId)}/evidence`));
  },
  async items(assemblyId: string): Promise<AgendaItemInfo[]> {
    return body<AgendaItemInfo[]>(await request(`/api/assemblies/${enc(assemblyId)}/items`));
  },
  async polls(assemblyId: string): Promise<PollInfo[]> {
    return body<PollInfo[]>(await request(`/api/assemblies/${enc(assemblyId)}/polls`));
  },
  async poll(pollId: string): Promise<PollInfo> {
    return body<PollInfo>(await request(`/api/polls/${enc(pollId)}`));
  },
  async myVotes(pollId: string): Promise<MyVotes> {
    return body<MyVotes>(await request(`/api/polls/${enc(pollId)}/my-votes`));
  },
  async castVotes(
    pollId: string,
    votes: readonly { memberId: string; choice: BallotChoice }[],
  ): Promise<CastReceipt[]> {
    const r = await request(`/api/polls/${enc(pollId)}/votes`, { method: 'POST', body: { votes } });
    return body<{ receipts: CastReceipt[] }>(r).receipts;
  },
  async checkReceipt(pollId: string, receipt: string): Promise<ReceiptCheck> {
    return body<ReceiptCheck>(
      await request(`/api/polls/${enc(pollId)}/receipts/check`, { method: 'POST', body: { receipt } }),
    );
  },
  async selfCheckIn(assemblyId: string): Promise<void> {
    await request(`/api/assemblies/${enc(assemblyId)}/attendance/self`, { method: 'POST' });
  },
};
