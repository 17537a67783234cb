import { createHash } from 'node:crypto';
import { addCandidate } from '../modules/assemblies/agenda.service.ts';
import { addAgendaItem, createAssembly } from '../modules/assemblies/assemblies.service.ts';
import {
  attachDocument,
  setCandidatePhoto,
  setCandidateProfile,
} from '../modules/assemblies/documents.service.ts';
import { conveneAssembly, openAssembly } from '../modules/assemblies/lifecycle.service.ts';
import { loginLink } from '../modules/auth/access-codes.csv.ts';
import { type IssuedCode, issueAccessCodes } from '../modules/auth/access-codes.service.ts';
import { createStaffUser } from '../modules/auth/staff-users.service.ts';
import type { Actor, ServiceContext } from '../modules/context.ts';
import { importMembers } from '../modules/members/members-import.service.ts';
import { grantProxy } from '../modules/proxies/proxies.service.ts';
import { DEMO_CANDIDATE_STATEMENTS, DEMO_COOPERATIVE, demoAgenda } from './demo-agenda.ts';
import { demoAccountsPdf, demoPortrait } from './demo-files.ts';
import {
  addDemoOffices,
  type DemoRoles,
  expel,
  memberIdsByNumber,
  representLegalPersons,
} from './demo-people.ts';
import {
  buildRegister,
  DEMO_BUSINESS_YEAR,
  type DemoMember,
  ROLE_INDEX,
  registerCsv,
} from './demo-register.ts';

export interface DemoOptions {
  /** Base of the printed /join links (PLENUM_PUBLIC_URL, else the local address). */
  publicUrl: string;
  /** Seed of the register's names and numbers: the same seed gives the same register. */
  seed?: number;
  /** When the assembly begins; R20: within the first six months of the business year. */
  startsAt?: string;
}

export interface DemoLogin {
  username: string;
  role: 'admin' | 'chair' | 'desk' | 'auditor';
  displayName: string;
  password: string;
}

export interface DemoMemberLogin {
  memberId: string;
  memberNumber: string;
  name: string;
  code: string;
  link: string;
  /** What this member shows in the demo. */
  note: string;
}

export interface DemoSeed {
  assemblyId: string;
  /** The short code members type on the join page. */
  assemblyCode: string;
  title: string;
  startsAt: string;
  chairName: string;
  members: number;
  staff: DemoLogin[];
  /** Three members to try the member side with (one of them holds two proxies). */
  sampleMembers: DemoMemberLogin[];
  /** Every issued access code (only in memory: the database keeps hashes). */
  codes: IssuedCode[];
  roles: DemoRoles;
  items: { id: string; kind: string; title: string }[];
  proxies: { grantId: string; principalId: string; holderId: string }[];
}

const ACTOR: Actor = { kind: 'staff', username: 'demo' };
const PASSWORD_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random password of 20 characters (about 116 bits), printed once and stored only as a hash. */
function password(ctx: ServiceContext): string {
  return [...ctx.random.bytes(20)].map((b) => PASSWORD_ALPHABET[b % PASSWORD_ALPHABET.length]).join('');
}

/**
 * Seeds a demo cooperative through the same services the API uses, so that the ledger records
 * every step: the register (900 members), boards and Prokura, staff accounts, the annual assembly
 * with its agenda and candidates, access codes for everyone on the register, and a few proxies.
 */
export async function seedDemo(ctx: ServiceContext, options: DemoOptions): Promise<DemoSeed> {
  const register = buildRegister(options.seed);
  const report = await importMembers(
    ctx,
    registerCsv(register.members),
    { mode: 'all_or_nothing', dryRun: false },
    ACTOR,
  );
  if (report.created !== register.members.length) throw new Error('demo: the register import was incomplete');
  const ids = await memberIdsByNumber(ctx, register.members);
  const roles = await addDemoOffices(ctx, ids, register, ACTOR);
  await representLegalPersons(ctx, ids, roles, ACTOR);
  await expel(ctx, roles.expelled, ACTOR);
  const staff = await createDemoStaff(ctx);
  const assembly = await createDemoAssembly(ctx, register.members, roles, options.startsAt);
  const codes = await issueAccessCodes(ctx, assembly.assemblyId, {}, 'staff:demo');
  const proxies = await grantDemoProxies(ctx, assembly.assemblyId, ids);
  // The chair opens the assembly: from now on members check in and vote.
  await openAssembly(ctx, assembly.assemblyId, ACTOR);
  const sampleMembers = sampleLogins(register.members, codes, options.publicUrl, assembly.assemblyCode);
  return { ...assembly, members: register.members.length, staff, sampleMembers, codes, roles, proxies };
}

/** The annual assembly (R20: in the first half of the business year), its agenda and candidates. */
async function createDemoAssembly(
  ctx: ServiceContext,
  members: readonly DemoMember[],
  roles: DemoRoles,
  at: string | undefined,
) {
  const chair = members[ROLE_INDEX.supervisoryChair];
  const chairName = `${chair?.givenName} ${chair?.familyName}`;
  const startsAt = at ?? `${DEMO_BUSINESS_YEAR + 1}-06-20T08:00:00.000Z`;
  const title = `Ordentliche Generalversammlung ${DEMO_BUSINESS_YEAR + 1} der ${DEMO_COOPERATIVE}`;
  const place = 'Gemeinschaftshaus am Spreeufer, Beispielstraße 12, 10997 Berlin, und online';
  const { id: assemblyId, code: assemblyCode } = await createAssembly(
    ctx,
    { title, form: 'hybrid', place, registeredSeat: 'Berlin', startsAt, chairName },
    ACTOR,
  );
  // R16: convened four weeks ahead with the full agenda (R17: every item announced in time), or
  // today when the demo is seeded closer to the day (never dated ahead of today).
  const fourWeeksAhead = new Date(new Date(startsAt).getTime() - 29 * 86_400_000).toISOString().slice(0, 10);
  const today = ctx.clock.now().toISOString().slice(0, 10);
  const [announcedOn] = [today, fourWeeksAhead].sort() as [string, string];
  const items: DemoSeed['items'] = [];
  for (const input of demoAgenda(announcedOn)) {
    const { id } = await addAgendaItem(ctx, assemblyId, input, ACTOR);
    items.push({ id, kind: input.kind, title: input.title });
  }
  // R21 is checked by the service for each nomination.
  const election = items.find((i) => i.kind === 'supervisory_board_election');
  for (const [i, candidate] of roles.candidates.entries()) {
    const { id } = await addCandidate(ctx, assemblyId, election?.id ?? '', candidate, ACTOR);
    const ids = { assemblyId, itemId: election?.id ?? '', candidateId: id };
    await setCandidateProfile(ctx, ids, DEMO_CANDIDATE_STATEMENTS[i] ?? '', ACTOR);
    if (i === 0) await setCandidatePhoto(ctx, ids, demoPortrait([47, 111, 143]), ACTOR);
  }
  // The annual accounts as the document members can open from the ballot.
  const accounts = items.find((i) => i.kind === 'annual_accounts');
  if (accounts)
    await attachDocument(
      ctx,
      assemblyId,
      accounts.id,
      { filename: `Jahresabschluss ${DEMO_BUSINESS_YEAR}.pdf`, content: demoAccountsPdf(DEMO_BUSINESS_YEAR) },
      ACTOR,
    );
  await conveneAssembly(
    ctx,
    assemblyId,
    {
      invitedOn: announcedOn,
      channel: 'text_form_to_each_member',
      accessDetails: 'Online über die Mitgliederseite; der Zugangscode steht im Einladungsbrief.',
      // R19: the audit of the last business year is complete; its report is on the agenda.
      auditReportPending: true,
    },
    ACTOR,
  );
  return { assemblyId, assemblyCode, title, startsAt, chairName, items };
}

/** Three members to try the member side with, each showing something. */
function sampleLogins(
  members: readonly DemoMember[],
  codes: readonly IssuedCode[],
  publicUrl: string,
  assemblyCode: string,
): DemoMemberLogin[] {
  const codeOf = new Map(codes.map((c) => [c.memberNumber, c] as const));
  const samples: [number, string][] = [
    [ROLE_INDEX.proxies[0][0], 'holds two proxies'],
    [ROLE_INDEX.sample, 'an ordinary member'],
    [ROLE_INDEX.candidates[0], 'candidate for the supervisory board'],
  ];
  return samples.map(([index, note]) => {
    const m = members[index];
    const issued = codeOf.get(m?.memberNumber ?? '');
    if (!m || !issued) throw new Error('demo: a sample member has no access code');
    return {
      memberId: issued.memberId,
      memberNumber: m.memberNumber,
      name: `${m.givenName} ${m.familyName}`,
      code: issued.code,
      link: loginLink(publicUrl, assemblyCode, m.memberNumber, issued.code),
      note,
    };
  });
}

async function createDemoStaff(ctx: ServiceContext): Promise<DemoLogin[]> {
  const accounts: Omit<DemoLogin, 'password'>[] = [
    { username: 'admin', role: 'admin', displayName: 'Geschäftsstelle (Administration)' },
    { username: 'chair', role: 'chair', displayName: 'Versammlungsleitung' },
    { username: 'desk', role: 'desk', displayName: 'Einlass' },
    { username: 'auditor', role: 'auditor', displayName: 'Prüfungsverband' },
  ];
  const logins: DemoLogin[] = [];
  for (const account of accounts) {
    const login = { ...account, password: password(ctx) };
    await createStaffUser(ctx, login, 'staff:demo');
    logins.push(login);
  }
  return logins;
}

/** R6: each proxy is in text form; the document's hash is kept with the grant. */
async function grantDemoProxies(ctx: ServiceContext, assemblyId: string, ids: readonly string[]) {
  const granted: DemoSeed['proxies'] = [];
  for (const [n, [holder, principal]] of ROLE_INDEX.proxies.entries()) {
    const holderId = ids[holder];
    const principalId = ids[principal];
    if (!holderId || !principalId) throw new Error('demo: proxy member missing');
    const document = `Vollmacht Nr. ${n + 1}: ${principal} bevollmächtigt ${holder} für die Generalversammlung.`;
    const grant = await grantProxy(
      ctx,
      assemblyId,
      {
        principalId,
        holderMemberId: holderId,
        form: 'text',
        documentRef: `vollmacht-${String(n + 1).padStart(3, '0')}.pdf`,
        documentHash: createHash('sha256').update(document).digest('hex'),
      },
      ACTOR,
    );
    granted.push({ grantId: grant.id, principalId, holderId });
  }
  return granted;
}
