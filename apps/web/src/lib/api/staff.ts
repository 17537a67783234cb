// Typed calls for the staff screens (chair, desk, admin, auditor). Every type is the API's own,
// from @plenum/contracts; the fetch logic is the one in ./client.
import type {
  AccessCodesCounts,
  AgendaItemBody,
  AgendaItemView,
  AssemblyView,
  AttendanceSummary,
  CheckInResponse,
  CheckOutResponse,
  ConveneBody,
  CreateAssemblyBody,
  CurrentItemView,
  CurrentUser,
  DeclareBody,
  DeskStanding,
  DocumentView,
  GrantProxyBody,
  HallCountBody,
  HallCountsView,
  LedgerHead,
  LedgerKey,
  LifecycleResult,
  LoginResponse,
  LoginThrottleList,
  MembersImportReport,
  MembersPage,
  MeResponse,
  MissingVoters,
  ObjectionBody,
  ObjectionView,
  PollView,
  Positioned,
  ProxyGranted,
  ProxyView,
  TellersView,
  ThrottleLifted,
  UpdateAgendaItemBody,
  UpdateAssemblyBody,
  VotingMethod,
} from '@plenum/contracts';
import { get, requestText, send, upload } from './client';

export type {
  AgendaItemView,
  AssemblyForm,
  AssemblyView,
  AttendanceSummary,
  ConveneBody,
  CurrentUser,
  DeclareBody,
  ElectionTally,
  Fraction,
  HallCountsView,
  HallPollView,
  ItemDetails,
  ItemKind,
  LedgerHead,
  LedgerKey,
  LifecycleResult,
  LoginThrottle,
  MajorityTally,
  MemberSummary,
  MembersImportReport,
  MissingVoters,
  NoticeChannel,
  ObjectionView,
  PollStatus,
  PollView,
  ProxyView,
  StaffRole,
  Tally,
  TellerEntry,
  TellersView,
  VotingMethod,
} from '@plenum/contracts';

const enc = encodeURIComponent;

/** C5, R24: how a new poll is voted, as the chair chose it, and a request for a secret ballot. */
export interface PollSetup {
  method?: VotingMethod;
  secretRequest?: {
    supporting: number;
    validVotes: number;
    basis: 'valid_votes' | 'members_present';
  };
}

/** Export files of an assembly (the session cookie authenticates the download links). */
export function exportUrl(assemblyId: string, file: string, lang?: 'de' | 'en'): string {
  return `/api/assemblies/${enc(assemblyId)}/export/${file}${lang ? `?lang=${lang}` : ''}`;
}

export const staffApi = {
  loginThrottles: (id: string) => get<LoginThrottleList>(`/api/assemblies/${enc(id)}/login-throttles`),
  liftLoginThrottle: (id: string, memberNumber: string) =>
    send<ThrottleLifted>(`/api/assemblies/${enc(id)}/login-throttles/lift`, { memberNumber }),
  ledgerKey: () => get<LedgerKey>('/api/ledger/key'),
  ledgerHead: () => get<LedgerHead>('/api/ledger/head'),

  me: async (): Promise<CurrentUser> => (await get<MeResponse>('/api/auth/me')).user,
  login: async (username: string, password: string): Promise<CurrentUser> =>
    (await send<LoginResponse>('/api/auth/staff/login', { username, password })).user,
  logout: () => send<unknown>('/api/auth/logout', {}),

  assemblies: () => get<AssemblyView[]>('/api/assemblies'),
  assembly: (id: string) => get<AssemblyView>(`/api/assemblies/${enc(id)}`),
  createAssembly: (input: CreateAssemblyBody) => send<AssemblyView>('/api/assemblies', input),
  conveneAssembly: (id: string, input: ConveneBody) =>
    send<LifecycleResult>(`/api/assemblies/${enc(id)}/convene`, input),
  openAssembly: (id: string) => send<LifecycleResult>(`/api/assemblies/${enc(id)}/open`, {}),
  closeAssembly: (id: string) => send<LifecycleResult>(`/api/assemblies/${enc(id)}/close`, {}),
  items: (id: string) => get<AgendaItemView[]>(`/api/assemblies/${enc(id)}/items`),
  addItem: (id: string, input: AgendaItemBody) => send<Positioned>(`/api/assemblies/${enc(id)}/items`, input),
  addCandidate: (id: string, itemId: string, memberId: string) =>
    send<Positioned>(`/api/assemblies/${enc(id)}/items/${enc(itemId)}/candidates`, { memberId }),
  updateItem: (id: string, itemId: string, input: UpdateAgendaItemBody) =>
    send<AgendaItemView>(`/api/assemblies/${enc(id)}/items/${enc(itemId)}`, input, 'PATCH'),
  /** The PDF itself as the body; the server checks its bytes and cleans the name. */
  uploadDocument: (id: string, itemId: string, file: Blob, filename: string) =>
    upload<DocumentView>(
      `/api/assemblies/${enc(id)}/items/${enc(itemId)}/documents?filename=${enc(filename)}`,
      file,
      'application/pdf',
      () => {},
    ),
  setCandidateStatement: (id: string, itemId: string, candidateId: string, statement: string) =>
    send<unknown>(
      `/api/assemblies/${enc(id)}/items/${enc(itemId)}/candidates/${enc(candidateId)}/statement`,
      { statement },
      'PUT',
    ),
  setCandidatePhoto: (id: string, itemId: string, candidateId: string, file: Blob) =>
    upload<unknown>(
      `/api/assemblies/${enc(id)}/items/${enc(itemId)}/candidates/${enc(candidateId)}/photo`,
      file,
      file.type === 'image/png' ? 'image/png' : 'image/jpeg',
      () => {},
      'PUT',
    ),
  setCurrentItem: (id: string, itemId: string | null) =>
    send<CurrentItemView>(`/api/assemblies/${enc(id)}/current-item`, { itemId }, 'PUT'),

  polls: (id: string) => get<PollView[]>(`/api/assemblies/${enc(id)}/polls`),
  poll: (pollId: string) => get<PollView>(`/api/polls/${enc(pollId)}`),
  createPoll: (id: string, agendaItemId: string, rehearsal = false, setup: PollSetup = {}) =>
    send<PollView>(
      `/api/assemblies/${enc(id)}/polls`,
      rehearsal ? { agendaItemId, rehearsal } : { agendaItemId, ...setup },
    ),
  tellers: (id: string) => get<TellersView>(`/api/assemblies/${enc(id)}/tellers`),
  appointTeller: (id: string, userId: string) =>
    send<TellersView>(`/api/assemblies/${enc(id)}/tellers`, { userId }),
  hallCounts: (id: string) => get<HallCountsView>(`/api/assemblies/${enc(id)}/hall-counts`),
  submitHallCount: (pollId: string, body: HallCountBody) =>
    send<{ status: 'awaiting_confirmation' | 'confirmed'; assemblyId: string }>(
      `/api/polls/${enc(pollId)}/hall-count`,
      body,
    ),
  openPoll: (pollId: string) => send<PollView>(`/api/polls/${enc(pollId)}/open`, {}),
  closePoll: (pollId: string) => send<PollView>(`/api/polls/${enc(pollId)}/close`, {}),
  /** Changes an assembly in preparation; `statute` is merged into the current settings (admin). */
  updateAssembly: (id: string, body: UpdateAssemblyBody) =>
    send<AssemblyView>(`/api/assemblies/${enc(id)}`, body, 'PATCH'),
  /** R22: the chair draws the lot for a tie on the last seats; `value` as called out in the room. */
  drawLot: (pollId: string, value?: string) =>
    send<PollView>(`/api/polls/${enc(pollId)}/lot`, value ? { value } : {}),
  declarePoll: (pollId: string, body: DeclareBody) =>
    send<PollView>(`/api/polls/${enc(pollId)}/declare`, body),
  missingVoters: (pollId: string) => get<MissingVoters>(`/api/polls/${enc(pollId)}/missing`),

  members: (q: string, limit = 20, signal?: AbortSignal) =>
    get<MembersPage>(`/api/members?q=${enc(q)}&limit=${limit}`, signal),

  attendance: (id: string) => get<AttendanceSummary>(`/api/assemblies/${enc(id)}/attendance`),
  checkIn: (id: string, memberId: string, channel: 'room' | 'online') =>
    send<CheckInResponse>(`/api/assemblies/${enc(id)}/attendance/check-in`, { memberId, channel }),
  checkOut: (id: string, memberId: string) =>
    send<CheckOutResponse>(`/api/assemblies/${enc(id)}/attendance/check-out`, { memberId }),
  proxies: (id: string) => get<ProxyView[]>(`/api/assemblies/${enc(id)}/proxies`),
  standing: (id: string, memberIds: readonly string[], signal?: AbortSignal) =>
    get<DeskStanding>(
      `/api/assemblies/${enc(id)}/attendance/standing?memberIds=${enc(memberIds.join(','))}`,
      signal,
    ),
  revokeProxy: (id: string, grantId: string, by: 'principal' | 'holder') =>
    send<{ id: string; status: 'revoked' }>(`/api/assemblies/${enc(id)}/proxies/${enc(grantId)}/revoke`, {
      by,
    }),
  grantProxy: (id: string, input: GrantProxyBody) =>
    send<ProxyGranted>(`/api/assemblies/${enc(id)}/proxies`, input),

  objections: (id: string) => get<ObjectionView[]>(`/api/assemblies/${enc(id)}/objections`),
  recordObjection: (id: string, body: ObjectionBody) =>
    send<ObjectionView>(`/api/assemblies/${enc(id)}/objections`, body),

  accessCodeCounts: (id: string) => get<AccessCodesCounts>(`/api/assemblies/${enc(id)}/access-codes`),
  /** Issues codes and returns the CSV (shown once: the server keeps only hashes). */
  issueAccessCodes: (id: string, lang: 'de' | 'en', regenerate = false) =>
    requestText(`/api/assemblies/${enc(id)}/access-codes?lang=${lang}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/csv, application/json' },
      body: JSON.stringify(regenerate ? { regenerate: true } : {}),
    }),
};

/**
 * POST /api/members/import with upload progress.
 * A refused all-or-nothing import answers 422 with the report in `details.report`.
 */
export function importMembersCsv(
  csv: Blob | string,
  options: { mode: 'all_or_nothing' | 'valid_lines'; dryRun?: boolean },
  onProgress: (loaded: number, total: number) => void,
): Promise<MembersImportReport> {
  const query = `mode=${options.mode}&dryRun=${options.dryRun ? 'true' : 'false'}`;
  return upload<MembersImportReport>(
    `/api/members/import?${query}`,
    csv,
    'text/csv; charset=utf-8',
    onProgress,
  );
}

/** sha256 as lowercase hex, computed in the browser (proxy documents, R6). */
export async function sha256Hex(data: ArrayBuffer | string): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : new Uint8Array(data);
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
