import { type RandomSource, seededRandom } from '@plenum/domain';
import { FAMILY_NAMES, GIVEN_NAMES, mailPart } from './demo-names.ts';

/** The business year whose accounts the demo assembly approves; the assembly is in the next one. */
export const DEMO_BUSINESS_YEAR = 2025;
export const DEMO_MEMBER_COUNT = 900;
const FIRST_NUMBER = 10001;

/** One line of the demo register, as the members import takes it. */
export interface DemoMember {
  index: number;
  memberNumber: string;
  givenName: string;
  familyName: string;
  email: string;
  shares: number;
  admissionDate: string;
  exitDate: string | null;
  noticeGivenOn: string | null;
  kind: 'natural_person' | 'legal_person';
}

/**
 * Who holds which part in the demo, by position on the register (spread out, so that the officers
 * are not simply the first member numbers).
 */
export const ROLE_INDEX = {
  supervisoryChair: 41,
  supervisory: [118, 203, 356] as const,
  /** Their term ends with the assembly; they stand again (election item). */
  supervisoryRestanding: 487,
  /** Left the supervisory board on 30 June 2025: still barred from its discharge (R10). */
  supervisoryLeft: 529,
  management: [12, 274] as const,
  prokura: 640,
  candidates: [705, 777] as const,
  kulturzentrum: 310,
  kulturzentrumRepresentative: 311,
  atelierhaus: 612,
  /** Proxy holders and their principals (R7: at most two principals per holder). */
  proxies: [
    [150, 151],
    [150, 152],
    [420, 421],
    [420, 422],
    [800, 801],
  ] as const,
  /** An ordinary member shown in the printed logins. */
  sample: 233,
} as const;

const LEGAL_PERSONS = new Map<number, { name: string; email: string }>([
  [
    ROLE_INDEX.kulturzentrum,
    { name: 'Kulturzentrum Leipzig gGmbH', email: 'vorstand@kulturzentrum-leipzig.example.org' },
  ],
  [ROLE_INDEX.atelierhaus, { name: 'Atelierhaus Nord e.V.', email: 'post@atelierhaus-nord.example.org' }],
]);

const SPECIAL = new Set<number>([
  ROLE_INDEX.supervisoryChair,
  ...ROLE_INDEX.supervisory,
  ROLE_INDEX.supervisoryRestanding,
  ROLE_INDEX.supervisoryLeft,
  ...ROLE_INDEX.management,
  ROLE_INDEX.prokura,
  ...ROLE_INDEX.candidates,
  ROLE_INDEX.kulturzentrum,
  ROLE_INDEX.kulturzentrumRepresentative,
  ROLE_INDEX.atelierhaus,
  ...ROLE_INDEX.proxies.flat(),
  ROLE_INDEX.sample,
]);

function pick<T>(random: RandomSource, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

function day(random: RandomSource, fromYear: number, toYear: number): string {
  const from = Date.UTC(fromYear, 0, 1);
  const to = Date.UTC(toYear, 11, 31);
  return new Date(from + Math.floor(random() * ((to - from) / 86_400_000 + 1)) * 86_400_000)
    .toISOString()
    .slice(0, 10);
}

/** Most members hold a few shares, some many (1–20, integers). */
function shares(random: RandomSource): number {
  return Math.min(20, 1 + Math.floor(random() ** 3 * 20));
}

/** Ordinary members picked for a status, never one of the officers or legal persons. */
function pickOrdinary(random: RandomSource, count: number, taken: Set<number>): number[] {
  const chosen: number[] = [];
  while (chosen.length < count) {
    const index = Math.floor(random() * DEMO_MEMBER_COUNT);
    if (SPECIAL.has(index) || taken.has(index)) continue;
    taken.add(index);
    chosen.push(index);
  }
  return chosen.sort((a, b) => a - b);
}

export interface DemoRegister {
  members: DemoMember[];
  /** Gave notice in the assembly's year: still members until 31 December (§65(2) GenG). */
  noticeGiven: number[];
  exited: number[];
  expelled: number;
}

/** The demo register: the same 900 lines for the same seed. */
export function buildRegister(seed = 2026): DemoRegister {
  const random = seededRandom(seed);
  const taken = new Set<number>();
  const noticeGiven = pickOrdinary(random, 15, taken);
  const exited = pickOrdinary(random, 6, taken);
  const [expelled = 0] = pickOrdinary(random, 1, taken);
  const year = DEMO_BUSINESS_YEAR + 1;
  const emails = new Set<string>();
  const members = Array.from({ length: DEMO_MEMBER_COUNT }, (_, index): DemoMember => {
    const legal = LEGAL_PERSONS.get(index);
    const givenName = legal ? '' : pick(random, GIVEN_NAMES);
    const familyName = legal ? legal.name : pick(random, FAMILY_NAMES);
    // Officers joined early, before their terms began.
    const admissionDate = SPECIAL.has(index) ? day(random, 2004, 2012) : day(random, 2004, 2025);
    let email = legal?.email ?? `${mailPart(givenName)}.${mailPart(familyName)}@example.org`;
    for (let n = 2; emails.has(email); n++) email = email.replace(/(\d*)@/, `${n}@`);
    emails.add(email);
    const gaveNotice = noticeGiven.includes(index);
    const left = exited.includes(index);
    const exitYear = 2021 + (index % 5);
    return {
      index,
      memberNumber: String(FIRST_NUMBER + index),
      givenName,
      familyName,
      email,
      shares: legal ? 10 + (index % 11) : shares(random),
      admissionDate: left ? day(random, 2004, exitYear - 1) : admissionDate,
      exitDate: gaveNotice ? `${year}-12-31` : left ? `${exitYear}-12-31` : null,
      noticeGivenOn: gaveNotice
        ? `${year}-0${1 + (index % 5)}-${String(1 + (index % 28)).padStart(2, '0')}`
        : null,
      kind: legal ? 'legal_person' : 'natural_person',
    };
  });
  return { members, noticeGiven, exited, expelled };
}

/** The register as a `;`-separated CSV, the way a cooperative's office would export it. */
export function registerCsv(members: readonly DemoMember[]): string {
  const header =
    'Mitgliedsnummer;Vorname;Nachname;E-Mail;Anteile;Eintrittsdatum;Austrittsdatum;Kündigung;Art';
  const lines = members.map((m) =>
    [
      m.memberNumber,
      m.givenName,
      m.familyName,
      m.email,
      String(m.shares),
      m.admissionDate,
      m.exitDate ?? '',
      m.noticeGivenOn ?? '',
      m.kind === 'legal_person' ? 'juristische Person' : 'natürliche Person',
    ].join(';'),
  );
  return `${[header, ...lines].join('\n')}\n`;
}
