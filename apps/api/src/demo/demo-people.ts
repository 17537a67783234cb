import type { Actor, ServiceContext } from '../modules/context.ts';
import { actorLabel } from '../modules/context.ts';
import { appendLedger } from '../modules/ledger/ledger.queries.ts';
import { addOffice } from '../modules/members/offices.service.ts';
import { addRepresentative } from '../modules/members/representatives.service.ts';
import {
  countMembersAndAssemblies,
  memberNames,
  memberNumbers,
  setExpulsionLetterSent,
} from './demo.queries.ts';
import { DEMO_BUSINESS_YEAR, type DemoMember, type DemoRegister, ROLE_INDEX } from './demo-register.ts';

/** Who is who in the demo, by member id. */
export interface DemoRoles {
  /** The five members of the supervisory board in office (the first chairs it). */
  supervisoryBoard: string[];
  /** Left the supervisory board on 30 June of the business year (still barred from its discharge). */
  supervisoryLeft: string;
  /** The member whose supervisory-board term ends with the assembly; stands again. */
  supervisoryRestanding: string;
  managementBoard: string[];
  prokura: string;
  /** The election's candidates, in nomination order. */
  candidates: string[];
  kulturzentrum: string;
  kulturzentrumRepresentative: string;
  atelierhaus: string;
  /** The supervisory-board member who represents the Atelierhaus (C7: it is barred with them). */
  atelierhausRepresentative: string;
  noticeGiven: string[];
  exited: string[];
  expelled: string;
}

/** The members' ids in register order (member numbers are unique). */
export async function memberIdsByNumber(
  ctx: ServiceContext,
  members: readonly DemoMember[],
): Promise<string[]> {
  const rows = await memberNumbers(ctx.db);
  const byNumber = new Map(rows.map((r) => [r.member_number, r.id] as const));
  return members.map((m) => {
    const id = byNumber.get(m.memberNumber);
    if (id === undefined) throw new Error(`demo: member ${m.memberNumber} was not imported`);
    return id;
  });
}

function idAt(ids: readonly string[], index: number): string {
  const id = ids[index];
  if (id === undefined) throw new Error(`demo: no member at position ${index}`);
  return id;
}

/**
 * The boards as they served in the business year (the basis of the §43(6) exclusions, R10, R11):
 * five supervisory-board members in office, one who left mid-year, two on the management board,
 * and one Prokurist (who may not stand for the supervisory board, R21).
 */
export async function addDemoOffices(
  ctx: ServiceContext,
  ids: readonly string[],
  register: DemoRegister,
  actor: Actor,
): Promise<DemoRoles> {
  const at = (index: number) => idAt(ids, index);
  const y = DEMO_BUSINESS_YEAR;
  const supervisory = [
    ROLE_INDEX.supervisoryChair,
    ...ROLE_INDEX.supervisory,
    ROLE_INDEX.supervisoryRestanding,
  ];
  const terms: [number, 'supervisory_board' | 'management_board' | 'prokura', string, string | null][] = [
    [ROLE_INDEX.supervisoryChair, 'supervisory_board', '2019-06-15', null],
    [ROLE_INDEX.supervisory[0], 'supervisory_board', '2021-06-19', null],
    [ROLE_INDEX.supervisory[1], 'supervisory_board', '2022-06-18', null],
    [ROLE_INDEX.supervisory[2], 'supervisory_board', '2023-06-17', null],
    [ROLE_INDEX.supervisoryRestanding, 'supervisory_board', '2020-06-20', `${y + 1}-06-20`],
    [ROLE_INDEX.supervisoryLeft, 'supervisory_board', '2018-06-16', `${y}-06-30`],
    [ROLE_INDEX.management[0], 'management_board', '2017-01-01', null],
    [ROLE_INDEX.management[1], 'management_board', '2021-07-01', null],
    [ROLE_INDEX.prokura, 'prokura', '2023-01-01', null],
  ];
  for (const [index, body, from, to] of terms) {
    await addOffice(ctx, { memberId: at(index), body, from, to }, actor);
  }
  return {
    supervisoryBoard: supervisory.map(at),
    supervisoryLeft: at(ROLE_INDEX.supervisoryLeft),
    supervisoryRestanding: at(ROLE_INDEX.supervisoryRestanding),
    managementBoard: ROLE_INDEX.management.map(at),
    prokura: at(ROLE_INDEX.prokura),
    candidates: [ROLE_INDEX.supervisoryRestanding, ...ROLE_INDEX.candidates].map(at),
    kulturzentrum: at(ROLE_INDEX.kulturzentrum),
    kulturzentrumRepresentative: at(ROLE_INDEX.kulturzentrumRepresentative),
    atelierhaus: at(ROLE_INDEX.atelierhaus),
    atelierhausRepresentative: at(ROLE_INDEX.supervisory[2]),
    noticeGiven: register.noticeGiven.map(at),
    exited: register.exited.map(at),
    expelled: at(register.expelled),
  };
}

/** R4: the legal persons act through their managing director and chair, both members. */
export async function representLegalPersons(
  ctx: ServiceContext,
  ids: readonly string[],
  roles: DemoRoles,
  actor: Actor,
): Promise<void> {
  const name = async (memberId: string) => {
    const row = await memberNames(ctx.db, memberId);
    return `${row.given_name} ${row.family_name}`;
  };
  for (const [memberId, representativeId] of [
    [roles.kulturzentrum, roles.kulturzentrumRepresentative],
    [roles.atelierhaus, roles.atelierhausRepresentative],
  ] as const) {
    if (!ids.includes(memberId)) throw new Error('demo: legal person missing');
    await addRepresentative(
      ctx,
      memberId,
      {
        name: await name(representativeId),
        representativeMemberId: representativeId,
        kind: 'legal_representative',
      },
      actor,
    );
  }
}

/**
 * One member was expelled this spring (§68 GenG); from the day the letter was sent they may
 * neither attend nor vote (R3). The register has no service for this yet, so the demo writes the
 * date and records it in the ledger in one transaction.
 */
export async function expel(ctx: ServiceContext, memberId: string, actor: Actor): Promise<void> {
  const sentAt = new Date(`${DEMO_BUSINESS_YEAR + 1}-03-16T09:00:00.000Z`);
  await ctx.db.transaction().execute(async (trx) => {
    await setExpulsionLetterSent(trx, memberId, sentAt);
    await appendLedger(trx, [
      {
        type: 'member.expelled',
        at: ctx.clock.now(),
        payload: { memberId, letterSentAt: sentAt.toISOString(), by: actorLabel(actor) },
      },
    ]);
  });
}

/** True when nothing has been set up yet: no member and no assembly (the demo never overwrites). */
export async function isFreshDatabase(ctx: Pick<ServiceContext, 'db'>): Promise<boolean> {
  return (await countMembersAndAssemblies(ctx.db)) === 0;
}
