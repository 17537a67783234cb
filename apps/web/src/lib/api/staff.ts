// Typed calls for the staff screens (chair, desk, admin, auditor). Shapes mirror the TypeBox
// contracts in packages/contracts/src; bodies are trusted once the request succeeded.
import { request } from './client';
import { ApiError, CLIENT_ERROR_CODES, isApiErrorBody, toApiError } from './errors';

export type StaffRole = 'admin' | 'chair' | 'desk' | 'auditor';
export type PollStatus = 'draft' | 'open' | 'closed' | 'declared';
export type AssemblyForm = 'in_person' | 'virtual' | 'hybrid' | 'extended';

export interface Fraction {
  readonly num: number;
  readonly den: number;
}

export type CurrentUser =
  | {
      readonly kind: 'staff';
      readonly username: string;
      readonly role: StaffRole;
      readonly displayName: string;
    }
  | {
      readonly kind: 'member';
      readonly memberId: string;
      readonly memberNumber: string;
      readonly assemblyId: string;
      readonly name: string;
    };

export interface Assembly {
  readonly id: string;
  readonly title: string;
  readonly form: AssemblyForm;
  readonly place: string | null;
  readonly registeredSeat: string;
  readonly startsAt: string;
  readonly chairName: string | null;
  readonly status: 'preparation' | 'convened' | 'open' | 'closed';
  readonly currentItemId: string | null;
}

export interface Candidate {
  readonly id: string;
  readonly memberId: string;
  readonly memberNumber: string;
  readonly name: string;
  readonly position: number;
  readonly acceptedAt: string | null;
}

export interface AgendaItem {
  readonly id: string;
  readonly assemblyId: string;
  readonly position: number;
  readonly kind: string;
  readonly title: string;
  readonly body: string;
  readonly announcedOn: string | null;
  readonly details: Readonly<Record<string, unknown>>;
  readonly legalBasis: string;
  readonly threshold: Fraction;
  readonly decision: 'majority' | 'election' | 'none';
  readonly candidates: readonly Candidate[];
}

export interface MajorityTally {
  readonly counts: {
    readonly yes: number;
    readonly no: number;
    readonly abstain: number;
    readonly invalid: number;
  };
  readonly excluded: number;
  readonly ballots: number;
  readonly base: number;
  readonly threshold: Fraction;
  readonly quorumMet: boolean;
  readonly passed: boolean;
  readonly reason: string;
}

export interface ElectionTally {
  readonly round: number;
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
  readonly excluded?: number;
}

export interface Poll {
  readonly id: string;
  readonly assemblyId: string;
  readonly agendaItemId: string;
  readonly round: number;
  readonly kind: 'majority' | 'election';
  readonly itemKind: string;
  readonly method: string;
  readonly secret: boolean;
  readonly threshold: Fraction;
  readonly status: PollStatus;
  readonly openedAt: string | null;
  readonly closedAt: string | null;
  readonly votesAvailable: number | null;
  readonly votesExcluded: number | null;
  readonly voted: number;
  readonly ballotCount: number | null;
  readonly ballotsRoot: string | null;
  readonly receiptsRoot: string | null;
  readonly tally: (Partial<MajorityTally> & Partial<ElectionTally>) | null;
  readonly declaration: {
    readonly id: string;
    readonly text: string;
    readonly outcome: string;
    readonly at: string;
    readonly by: string;
  } | null;
}

export interface Member {
  readonly id: string;
  readonly memberNumber: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly email: string | null;
  readonly shares: number;
  readonly status: string;
  readonly kind: string;
}

export interface AttendanceSummary {
  readonly presentMembers: number;
  readonly inRoom: number;
  readonly online: number;
  readonly representedByProxy: number;
  readonly votesRepresented: number;
}

export interface ProxyGrant {
  readonly id: string;
  readonly principalId: string;
  readonly principalName: string;
  readonly holderMemberId: string | null;
  readonly holderName: string;
  readonly form: string;
  readonly status: 'active' | 'revoked' | 'rejected';
  readonly reason: string | null;
  readonly at: string;
}

export interface GrantProxyInput {
  readonly principalId: string;
  readonly holderMemberId: string;
  readonly form: 'text' | 'written';
  readonly documentRef?: string | null;
  readonly documentHash: string;
}

export interface Objection {
  readonly id: string;
  readonly pollId: string | null;
  readonly memberId: string | null;
  readonly memberNumber: string | null;
  readonly text: string;
  readonly status: string;
  readonly reason: string | null;
  readonly recordedBy: string;
  readonly at: string;
}

export interface ImportLine {
  readonly line: number;
  readonly memberNumber: string | null;
  readonly status: 'created' | 'updated' | 'unchanged' | 'refused';
  readonly errors: readonly {
    readonly field: string | null;
    readonly code: string;
    readonly message: string;
  }[];
}

export interface ImportReport {
  readonly mode: 'all_or_nothing' | 'valid_lines';
  readonly dryRun: boolean;
  readonly sha256: string;
  readonly ignoredColumns: readonly string[];
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly refused: number;
  readonly lines: readonly ImportLine[];
}

export interface CreateAssemblyInput {
  readonly title: string;
  readonly form: AssemblyForm;
  readonly place?: string | null;
  readonly registeredSeat: string;
  readonly startsAt: string;
  readonly chairName?: string | null;
}

export interface AgendaItemInput {
  readonly kind: string;
  readonly title: string;
  readonly body?: string;
  readonly details?: Record<string, unknown>;
}

const enc = encodeURIComponent;

async function get<T>(path: string, signal?: AbortSignal): Promise<T> {
  return (await request(path, { signal })).body as T;
}

async function post<T>(path: string, body?: unknown): Promise<T> {
  return (await request(path, { method: 'POST', body: body ?? {} })).body as T;
}

/** Reads a non-JSON (CSV) answer; errors still arrive as the JSON error body. */
async function fetchText(path: string, init: RequestInit): Promise<string> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: 'same-origin', ...init });
  } catch (cause) {
    throw new ApiError(0, CLIENT_ERROR_CODES.network, 'Network error', {}, { cause });
  }
  if (response.ok) return response.text();
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  throw toApiError(response.status, body);
}

export interface LedgerKey {
  readonly algorithm: 'Ed25519';
  readonly publicKey: string;
  readonly fingerprint: string;
}

export interface LedgerHead {
  readonly seq: number;
  readonly hash: string;
}

/** Export files of an assembly (the session cookie authenticates the download links). */
export function exportUrl(assemblyId: string, file: string, lang?: 'de' | 'en'): string {
  return `/api/assemblies/${enc(assemblyId)}/export/${file}${lang ? `?lang=${lang}` : ''}`;
}

export interface LoginThrottle {
  readonly login: string;
  readonly source: string;
  readonly failures: number;
  readonly lastFailureAt: string;
  readonly nextAttemptAt: string;
}

export const staffApi = {
  loginThrottles: (id: string) =>
    get<{ throttles: LoginThrottle[]; maxDelaySeconds: number }>(
      `/api/assemblies/${enc(id)}/login-throttles`,
    ),
  liftLoginThrottle: (id: string, memberNumber: string) =>
    post<{ lifted: number }>(`/api/assemblies/${enc(id)}/login-throttles/lift`, { memberNumber }),
  ledgerKey: () => get<LedgerKey>('/api/ledger/key'),
  ledgerHead: () => get<LedgerHead>('/api/ledger/head'),

  me: async (): Promise<CurrentUser> => (await get<{ user: CurrentUser }>('/api/auth/me')).user,
  login: async (username: string, password: string): Promise<CurrentUser> =>
    (await post<{ user: CurrentUser }>('/api/auth/staff/login', { username, password })).user,
  logout: () => post<unknown>('/api/auth/logout'),

  assemblies: () => get<Assembly[]>('/api/assemblies'),
  assembly: (id: string) => get<Assembly>(`/api/assemblies/${enc(id)}`),
  createAssembly: (input: CreateAssemblyInput) => post<Assembly>('/api/assemblies', input),
  items: (id: string) => get<AgendaItem[]>(`/api/assemblies/${enc(id)}/items`),
  addItem: (id: string, input: AgendaItemInput) =>
    post<AgendaItem>(`/api/assemblies/${enc(id)}/items`, input),
  addCandidate: (id: string, itemId: string, memberId: string) =>
    post<unknown>(`/api/assemblies/${enc(id)}/items/${enc(itemId)}/candidates`, { memberId }),
  setCurrentItem: async (id: string, itemId: string | null) =>
    (await request(`/api/assemblies/${enc(id)}/current-item`, { method: 'PUT', body: { itemId } })).body,

  polls: (id: string) => get<Poll[]>(`/api/assemblies/${enc(id)}/polls`),
  poll: (pollId: string) => get<Poll>(`/api/polls/${enc(pollId)}`),
  createPoll: (id: string, agendaItemId: string) =>
    post<Poll>(`/api/assemblies/${enc(id)}/polls`, { agendaItemId }),
  openPoll: (pollId: string) => post<Poll>(`/api/polls/${enc(pollId)}/open`),
  closePoll: (pollId: string) => post<Poll>(`/api/polls/${enc(pollId)}/close`),
  declarePoll: (
    pollId: string,
    body: { text: string; outcome?: 'passed' | 'failed'; deviationReason?: string },
  ) => post<Poll>(`/api/polls/${enc(pollId)}/declare`, body),
  missingVoters: (pollId: string) =>
    get<{
      pollId: string;
      total: number;
      members: { memberId: string; memberNumber: string; name: string }[];
    }>(`/api/polls/${enc(pollId)}/missing`),

  members: (q: string, limit = 20, signal?: AbortSignal) =>
    get<{ items: Member[]; total: number }>(`/api/members?q=${enc(q)}&limit=${limit}`, signal),

  attendance: (id: string) => get<AttendanceSummary>(`/api/assemblies/${enc(id)}/attendance`),
  checkIn: (id: string, memberId: string, channel: 'room' | 'online') =>
    post<unknown>(`/api/assemblies/${enc(id)}/attendance/check-in`, { memberId, channel }),
  checkOut: (id: string, memberId: string) =>
    post<unknown>(`/api/assemblies/${enc(id)}/attendance/check-out`, { memberId }),
  proxies: (id: string) => get<ProxyGrant[]>(`/api/assemblies/${enc(id)}/proxies`),
  grantProxy: (id: string, input: GrantProxyInput) =>
    post<ProxyGrant>(`/api/assemblies/${enc(id)}/proxies`, input),

  objections: (id: string) => get<Objection[]>(`/api/assemblies/${enc(id)}/objections`),
  recordObjection: (
    id: string,
    body: {
      pollId?: string | null;
      memberNumber: string;
      text: string;
      status: 'recorded' | 'refused';
      reason?: string;
    },
  ) => post<Objection>(`/api/assemblies/${enc(id)}/objections`, body),

  accessCodeCounts: (id: string) =>
    get<{ issued: number; members: number }>(`/api/assemblies/${enc(id)}/access-codes`),
  /** Issues codes and returns the CSV (shown once: the server keeps only hashes). */
  issueAccessCodes: (id: string, lang: 'de' | 'en', regenerate = false) =>
    fetchText(`/api/assemblies/${enc(id)}/access-codes?lang=${lang}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/csv, application/json' },
      body: JSON.stringify(regenerate ? { regenerate: true } : {}),
    }),
};

/**
 * POST /api/members/import with upload progress (fetch has no upload events, so XMLHttpRequest).
 * A refused all-or-nothing import answers 422 with the report in `details.report`.
 */
export function importMembersCsv(
  csv: Blob | string,
  options: { mode: 'all_or_nothing' | 'valid_lines'; dryRun?: boolean },
  onProgress: (loaded: number, total: number) => void,
): Promise<ImportReport> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const query = `mode=${options.mode}&dryRun=${options.dryRun ? 'true' : 'false'}`;
    xhr.open('POST', `/api/members/import?${query}`);
    xhr.setRequestHeader('content-type', 'text/csv; charset=utf-8');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.withCredentials = true;
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded, event.total);
    };
    xhr.onerror = () => reject(new ApiError(0, CLIENT_ERROR_CODES.network, 'Network error'));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as ImportReport);
      else if (isApiErrorBody(body)) reject(toApiError(xhr.status, body));
      else reject(toApiError(xhr.status, body));
    };
    xhr.send(csv);
  });
}

/** sha256 as lowercase hex, computed in the browser (proxy documents, R6). */
export async function sha256Hex(data: ArrayBuffer | string): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : new Uint8Array(data);
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
