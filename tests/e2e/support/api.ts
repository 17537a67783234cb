import { createHash } from 'node:crypto';

/** A tiny HTTP client for seeding and for the chair's part, with a Bearer token. */
export class Api {
  constructor(
    readonly baseUrl: string,
    public token = '',
  ) {}

  async call<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json, text/csv' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = contentType;
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
    const type = res.headers.get('content-type') ?? '';
    return (type.includes('json') ? JSON.parse(text) : text) as T;
  }

  async loginStaff(username: string, password: string): Promise<void> {
    this.token = (
      await this.call<{ token: string }>('POST', '/api/auth/staff/login', { username, password })
    ).token;
  }
}

export interface SeededMember {
  readonly id: string;
  readonly number: string;
  readonly name: string;
  readonly code: string;
}

export interface Seeded {
  readonly assemblyId: string;
  readonly itemId: string;
  readonly electionItemId: string;
  /** Votes for themselves. */
  readonly member: SeededMember;
  /** Holds proxies of `principals` (R7: two at most). */
  readonly holder: SeededMember;
  readonly principals: readonly SeededMember[];
  readonly others: readonly SeededMember[];
  readonly candidates: readonly SeededMember[];
}

type Row = { id: string; memberNumber: string };

const NAMES = [
  ['1001', 'Anna', 'Abel'],
  ['1002', 'Bernd', 'Brandt'],
  ['1003', 'Clara', 'Claußen'],
  ['1004', 'Dieter', 'Dorn'],
  ['1005', 'Emma', 'Engel'],
  ['1006', 'Fritz', 'Fuchs'],
  ['1007', 'Greta', 'Graf'],
  ['1008', 'Hans', 'Hahn'],
] as const;

/**
 * One hybrid assembly with a motion, an election, eight members, codes and two proxies, convened
 * and opened. With `stage: 'preparation'` it stops before the convening (and has no proxies).
 */
export async function seedAssembly(
  api: Api,
  title = 'Ordentliche Generalversammlung 2026',
  stage: 'preparation' | 'open' = 'open',
): Promise<Seeded> {
  const assembly = await api.call<{ id: string }>('POST', '/api/assemblies', {
    title,
    form: 'hybrid',
    place: 'Gemeindesaal',
    registeredSeat: 'Musterstadt',
    startsAt: new Date(Date.now() + 60_000).toISOString(),
    chairName: 'Vorsitz',
  });
  const A = `/api/assemblies/${assembly.id}`;
  const csv = ['Nr;Vorname;Nachname;Eintritt', ...NAMES.map(([n, g, f]) => `${n};${g};${f};2020-01-01`)].join(
    '\n',
  );
  await api.call('POST', '/api/members/import?mode=all_or_nothing', csv, 'text/csv; charset=utf-8');
  const codesCsv = await api.call<string>('POST', `${A}/access-codes?lang=de`, {});
  const codes = new Map<string, string>();
  for (const line of codesCsv
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .slice(1)) {
    const cells = line.split(';').map((c) => c.replace(/^"|"$/g, ''));
    if (cells[0] && cells[4]) codes.set(cells[0], cells[4]);
  }
  const ids = new Map<string, string>();
  for (const [n] of NAMES) {
    const found = await api.call<unknown>('GET', `/api/members?q=${n}`);
    const page = found as { members?: Row[]; items?: Row[] } | Row[];
    const list: Row[] = Array.isArray(page) ? page : (page.members ?? page.items ?? []);
    const m = list.find((x) => x.memberNumber === n);
    if (!m) throw new Error(`member ${n} not found: ${JSON.stringify(found).slice(0, 300)}`);
    ids.set(n, m.id);
  }
  const member = (i: number): SeededMember => {
    const [n, g, f] = NAMES[i] ?? NAMES[0];
    return { id: ids.get(n) ?? '', number: n, name: `${g} ${f}`, code: codes.get(n) ?? '' };
  };
  const item = await api.call<{ id: string }>('POST', `${A}/items`, {
    kind: 'motion',
    title: 'Neubau des Gemeinschaftshauses',
    body: 'Die Generalversammlung beschließt den Neubau.',
  });
  const election = await api.call<{ id: string }>('POST', `${A}/items`, {
    kind: 'supervisory_board_election',
    title: 'Wahl zum Aufsichtsrat',
    details: { seats: 2, votesPerBallot: 2 },
  });
  const candidates = [member(5), member(6), member(7)];
  for (const c of candidates)
    await api.call('POST', `${A}/items/${election.id}/candidates`, { memberId: c.id });
  const holder = member(1);
  const principals = [member(2), member(3)];
  const seeded = {
    assemblyId: assembly.id,
    itemId: item.id,
    electionItemId: election.id,
    member: member(0),
    holder,
    principals,
    others: [member(4)],
    candidates,
  };
  if (stage === 'preparation') return seeded;
  // Convened the legitimate way: by letter three weeks ahead (R16, R17), then proxies, then opened.
  await api.call('POST', `${A}/convene`, {
    invitedOn: new Date(Date.now() - 21 * 86_400_000).toISOString().slice(0, 10),
    channel: 'text_form_to_each_member',
    accessDetails: 'Online über die Mitgliederseite mit dem Zugangscode aus dem Brief.',
  });
  for (const p of principals) {
    await api.call('POST', `${A}/proxies`, {
      principalId: p.id,
      holderMemberId: holder.id,
      form: 'text',
      documentHash: createHash('sha256').update(`Vollmacht ${p.number}`).digest('hex'),
    });
  }
  await api.call('POST', `${A}/open`);
  return seeded;
}
