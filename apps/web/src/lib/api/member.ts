// Member, receipt and projector calls. Every type is the API's own, from @plenum/contracts.
import type {
  AgendaItemView,
  AssemblyEvidence,
  AssemblyView,
  CastResponse,
  Choice,
  CurrentAssemblyView,
  CurrentUser,
  LoginResponse,
  MeResponse,
  MyReceipts,
  MyVotesView,
  PollView,
  PublicAssembly,
  ReceiptCheckResponse,
  ReceiptLookupResponse,
} from '@plenum/contracts';
import { get, send } from './client';

export type {
  AgendaItemView,
  AssemblyEvidence,
  AssemblyView,
  Choice,
  CurrentAssemblyView,
  CurrentUser,
  DeclaredHead,
  ElectionTally,
  LoginResponse,
  MajorityTally,
  MemberPrincipal,
  MotionChoice,
  MyReceipts,
  MyVotesView,
  PollStatus,
  PollView,
  PublicAssembly,
  ReceiptCheckResponse,
  ReceiptLookupResponse,
  StaffPrincipal,
  StaffRole,
} from '@plenum/contracts';

/** One vote the member may cast (own, as representative or as proxy holder). */
export type CastableVote = MyVotesView['votes'][number];
export type VoteCapacity = CastableVote['capacity'];
export type CastReceipt = CastResponse['receipts'][number];

const enc = encodeURIComponent;

export const memberApi = {
  memberLogin: (assemblyId: string, memberNumber: string, code: string) =>
    send<LoginResponse>('/api/auth/member/login', { assemblyId, memberNumber, code }),
  staffLogin: (username: string, password: string) =>
    send<LoginResponse>('/api/auth/staff/login', { username, password }),
  me: async (): Promise<CurrentUser> => (await get<MeResponse>('/api/auth/me')).user,
  logout: async (): Promise<void> => {
    await send<unknown>('/api/auth/logout');
  },
  assembly: (assemblyId: string) => get<AssemblyView>(`/api/assemblies/${enc(assemblyId)}`),
  evidence: (assemblyId: string) => get<AssemblyEvidence>(`/api/assemblies/${enc(assemblyId)}/evidence`),
  items: (assemblyId: string) => get<AgendaItemView[]>(`/api/assemblies/${enc(assemblyId)}/items`),
  polls: (assemblyId: string) => get<PollView[]>(`/api/assemblies/${enc(assemblyId)}/polls`),
  poll: (pollId: string) => get<PollView>(`/api/polls/${enc(pollId)}`),
  myVotes: (pollId: string) => get<MyVotesView>(`/api/polls/${enc(pollId)}/my-votes`),
  /**
   * `requestId` is made once per ballot submission and sent again with each retry of it: the API
   * then answers a stored cast's receipts again instead of refusing it as a duplicate.
   */
  castVotes: async (
    pollId: string,
    votes: readonly { memberId: string; choice: Choice }[],
    requestId?: string,
  ): Promise<CastReceipt[]> =>
    (
      await send<CastResponse>(
        `/api/polls/${enc(pollId)}/votes`,
        requestId === undefined ? { votes } : { votes, requestId },
      )
    ).receipts,
  checkReceipt: (pollId: string, receipt: string) =>
    send<ReceiptCheckResponse>(`/api/polls/${enc(pollId)}/receipts/check`, { receipt }),
  /** By the code alone: the server finds the poll among the closed ones. */
  checkReceiptCode: (receipt: string) => send<ReceiptLookupResponse>('/api/receipts/check', { receipt }),
  /** The member's receipts in this assembly, kept in their account (any device). */
  myReceipts: async (assemblyId: string) =>
    (await get<MyReceipts>(`/api/assemblies/${enc(assemblyId)}/my-receipts`)).receipts,
  /** The cooperative and the assembly the start page names. */
  currentAssembly: () => get<CurrentAssemblyView>('/api/public/assembly'),
  /** The assembly behind the short code members type on the join page. */
  assemblyByCode: (code: string) => get<PublicAssembly>(`/api/assembly-codes/${enc(code.trim())}`),
  selfCheckIn: async (assemblyId: string): Promise<void> => {
    await send<unknown>(`/api/assemblies/${enc(assemblyId)}/attendance/self`);
  },
};
