import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/database.ts';
import { demoAccountsPdf, demoPortrait } from '../../demo/demo-files.ts';
import { insertDemoMembers, insertDemoOffices } from './demo-run.queries.ts';

/**
 * The demo assembly, driven end to end through the HTTP API (`app.inject`): 80 members,
 * in person, online and by proxy; the annual accounts voted by voting cards in the hall, counted by
 * two tellers, plus phones online; discharges with §43(6) exclusions; a supervisory-board election
 * of 2 seats among 4 with a tie forcing a run-off (C6 c), whose own tie the chair settles by lot
 * (R22); a speakers' list and an amendment from the floor on a members' motion; declarations, an
 * objection, acceptance. Only the register and the offices are written directly (they come from
 * the member import).
 */
const GIVEN = ['Anna', 'Jörg', 'Özlem', 'Lukas', 'Marie', 'Jürgen', 'Sophie', 'Hans', 'Zeynep', 'Paul'];
const FAMILY = [
  'Müller',
  'Schmidt',
  'Weiß',
  'Groß',
  'Becker',
  'Köhler',
  'Yılmaz',
  'Hoffmann',
  'Schäfer',
  'Krüger',
];
export const DEMO_MEMBERS = 80;

type Inject = (
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  url: string,
  token: string,
  body?: unknown,
) => Promise<unknown>;

function client(app: FastifyInstance): Inject {
  return async (method, url, token, body) => {
    const res = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { payload: body as object }),
    });
    if (res.statusCode >= 400) throw new Error(`${method} ${url} → ${res.statusCode} ${res.body}`);
    return res.body === '' ? null : res.json();
  };
}

/** A file upload: the bytes themselves as the body. */
async function upload(
  app: FastifyInstance,
  url: string,
  token: string,
  contentType: string,
  payload: Buffer,
  method: 'POST' | 'PUT' = 'POST',
): Promise<void> {
  const res = await app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    payload,
  });
  if (res.statusCode >= 400) throw new Error(`${method} ${url} → ${res.statusCode} ${res.body}`);
}

async function seedRegister(database: Database): Promise<string[]> {
  const ids = await insertDemoMembers(
    database.db,
    Array.from({ length: DEMO_MEMBERS }, (_, i) => ({
      memberNumber: `M${String(i + 1).padStart(4, '0')}`,
      givenName: GIVEN[i % GIVEN.length] as string,
      familyName: `${FAMILY[(i * 7) % FAMILY.length] as string}${i >= 10 ? `-${FAMILY[i % 3]}` : ''}`,
      admissionDate: '2019-03-01',
    })),
  );
  const office = (i: number, body: 'management_board' | 'supervisory_board') => ({
    memberId: ids[i] as string,
    body,
    from: '2022-01-01',
    to: null,
  });
  await insertDemoOffices(database.db, [
    office(0, 'management_board'),
    office(1, 'management_board'),
    office(2, 'supervisory_board'),
    office(3, 'supervisory_board'),
    office(4, 'supervisory_board'),
  ]);
  return ids;
}

export async function runDemoAssembly(app: FastifyInstance, database: Database): Promise<string> {
  const api = client(app);
  const staff = (role: 'admin' | 'chair' | 'desk') =>
    app.jwt.sign({ kind: 'staff', sub: `staff:${role}`, username: role, role });
  const [admin, chair, desk] = [staff('admin'), staff('chair'), staff('desk')];
  const ids = await seedRegister(database);
  const assembly = (await api('POST', '/api/assemblies', admin, {
    title: 'Ordentliche Generalversammlung 2026 der Beispiel eG',
    form: 'hybrid',
    place: 'Berlin, Gemeindesaal Köpenicker Straße 12',
    registeredSeat: 'Berlin',
    startsAt: '2026-06-20T10:00:00.000Z',
    chairName: 'Dr. Renate Öztürk (Aufsichtsratsvorsitzende)',
    statute: {
      elections: { method: 'show_of_hands_per_seat', allowListVoting: false, supervisoryBoardSeats: 5 },
    },
  })) as { id: string };
  const a = assembly.id;
  const period = { from: '2025-01-01', to: '2025-12-31' };
  const item = async (kind: string, title: string, details: Record<string, unknown> = {}) =>
    ((await api('POST', `/api/assemblies/${a}/items`, admin, { kind, title, details })) as { id: string }).id;
  const accounts = (
    (await api('POST', `/api/assemblies/${a}/items`, admin, {
      kind: 'annual_accounts',
      title: 'Feststellung des Jahresabschlusses 2025',
      proposer: 'Vorstand und Aufsichtsrat',
      body:
        'Vorstand und Aufsichtsrat schlagen vor, den **Jahresabschluss zum 31.12.2025** festzustellen.\n\n' +
        '- Bilanzsumme: 4.812.336,17 €\n- Jahresüberschuss: 61.480,52 €',
    })) as { id: string }
  ).id;
  await upload(
    app,
    `/api/assemblies/${a}/items/${accounts}/documents?filename=Jahresabschluss%202025.pdf`,
    admin,
    'application/pdf',
    demoAccountsPdf(2025),
  );
  const dischargeMb = await item('discharge_management_board', 'Entlastung des Vorstands', {
    discharge: { mode: 'collective', period },
  });
  const dischargeSb = await item('discharge_supervisory_board', 'Entlastung des Aufsichtsrats', {
    discharge: { mode: 'collective', period },
  });
  const election = await item('supervisory_board_election', 'Wahl zum Aufsichtsrat (2 Sitze)', { seats: 2 });
  const motion = await item('motion', 'Antrag: Photovoltaik auf dem Vereinsheim');
  // The motion's text is written after the item was added: the ledger records the change.
  await api('PATCH', `/api/assemblies/${a}/items/${motion}`, chair, {
    proposer: 'Mitglied Anna Müller',
    body: 'Der Vorstand wird beauftragt, bis zur nächsten Versammlung **Angebote für eine Photovoltaikanlage** einzuholen.',
  });
  const candidates = [10, 11, 12, 13].map((i) => ids[i] as string);
  for (const [i, c] of candidates.entries()) {
    const { id } = (await api('POST', `/api/assemblies/${a}/items/${election}/candidates`, admin, {
      memberId: c,
    })) as { id: string };
    const path = `/api/assemblies/${a}/items/${election}/candidates/${id}`;
    await api('PUT', `${path}/statement`, chair, {
      statement: `Kandidatur ${i + 1}: für eine offene, sparsame Genossenschaft.`,
    });
    if (i === 0) await upload(app, `${path}/photo`, chair, 'image/png', demoPortrait([47, 111, 143]), 'PUT');
  }
  // Convened by letter a month ahead (R16, R17), then opened by the chair on the day.
  await api('POST', `/api/assemblies/${a}/convene`, chair, {
    invitedOn: '2026-05-20',
    channel: 'text_form_to_each_member',
    accessDetails: 'Online über die Mitgliederseite; der Zugangscode steht im Einladungsbrief.',
  });
  await api('POST', `/api/assemblies/${a}/open`, chair);
  // 60 present (45 in the room, 15 online); 10 absent members give a proxy to present ones.
  for (let i = 0; i < 60; i++)
    await api('POST', `/api/assemblies/${a}/attendance/check-in`, desk, {
      memberId: ids[i],
      channel: i < 45 ? 'room' : 'online',
    });
  for (let i = 60; i < 70; i++)
    await api('POST', `/api/assemblies/${a}/proxies`, desk, {
      principalId: ids[i],
      holderMemberId: ids[20 + (i - 60)],
      form: 'text',
      documentRef: `Vollmacht ${i + 1}.pdf`,
      documentHash: (i + 1).toString(16).padStart(64, '0'),
    });
  // A proxy for an absent member who names a non-member professional: refused with its reason (R9).
  await api('POST', `/api/assemblies/${a}/proxies`, desk, {
    principalId: ids[75],
    holderName: 'Rechtsanwalt Dr. Kunz',
    professional: true,
    form: 'written',
    documentHash: 'ab'.repeat(32),
  }).catch(() => null);
  const members = ids.slice(0, 60);
  const vote = (pattern: (i: number) => unknown) => async (pollId: string) =>
    castAll(app, api, a, pollId, members, ids, pattern);
  // Two tellers for the hall counts: staff accounts with the role teller, appointed by the chair.
  const tellers: string[] = [];
  for (const [username, displayName] of [
    ['zaehler-a', 'Petra Lindner (Stimmzählerin)'],
    ['zaehler-b', 'Ömer Aydın (Stimmzähler)'],
  ] as const) {
    const user = (await api('POST', '/api/staff-users', admin, {
      username,
      password: `demo-${username}-${a}`,
      role: 'teller',
      displayName,
    })) as { id: string };
    await api('POST', `/api/assemblies/${a}/tellers`, chair, { userId: user.id });
    tellers.push(app.jwt.sign({ kind: 'staff', sub: `staff:${username}`, username, role: 'teller' }));
  }
  // The annual accounts by voting cards: the hall shows its cards (45 in the room, and the 10
  // proxies their holders carry), counted by one teller and confirmed by the other; the 15 members
  // online vote on their phones in the same poll (R27).
  const accountsChoice = (i: number) => (i % 9 === 0 ? 'no' : i % 13 === 0 ? 'abstain' : 'yes');
  const inHall = [
    ...Array.from({ length: 45 }, (_, i) => i),
    ...Array.from({ length: 10 }, (_, i) => 60 + i),
  ];
  const hallCount = { yes: 0, no: 0, abstain: 0 };
  for (const i of inHall) hallCount[accountsChoice(i)] += 1;
  await runPoll(api, chair, a, accounts, vote(accountsChoice), 'Der Jahresabschluss 2025 ist festgestellt.', {
    method: 'voting_cards',
    afterClose: async (pollId) => {
      for (const teller of tellers) await api('POST', `/api/polls/${pollId}/hall-count`, teller, hallCount);
    },
  });
  await runPoll(
    api,
    chair,
    a,
    dischargeMb,
    vote((i) => (i % 7 === 0 ? 'no' : 'yes')),
    'Dem Vorstand ist Entlastung erteilt.',
  );
  await runPoll(
    api,
    chair,
    a,
    dischargeSb,
    vote((i) => (i % 5 === 0 ? 'abstain' : 'yes')),
    'Dem Aufsichtsrat ist Entlastung erteilt.',
  );
  // Round 1: C10 has an absolute majority; C11 and C12 tie, nobody else reaches it → run-off (C6 c).
  const [c10, c11, c12] = candidates as [string, string, string, string];
  const r1 = (i: number) => ({ kind: 'candidates', choices: [c10, i % 2 === 0 ? c11 : c12] });
  await runPoll(
    api,
    chair,
    a,
    election,
    vote(r1),
    'Gewählt ist im ersten Wahlgang das Mitglied M0011; für den zweiten Sitz ist eine Stichwahl erforderlich.',
  );
  // The run-off ties too (35 : 35): the statute settles it by lot, which the chair draws from the
  // console with a number called out in the hall (R22); the seed also covers the chain head.
  await runPoll(
    api,
    chair,
    a,
    election,
    vote((i) => ({ kind: 'candidates', choices: [i % 2 === 0 ? c12 : c11] })),
    async (pollId) => {
      const drawn = (await api('POST', `/api/polls/${pollId}/lot`, chair, { value: '42' })) as {
        lot: { winners: string[] };
      };
      const winner = ids.indexOf(drawn.lot.winners[0] as string);
      return `Die Stichwahl endete mit Stimmengleichheit; durch das von der Versammlungsleiterin gezogene Los ist das Mitglied M${String(winner + 1).padStart(4, '0')} gewählt.`;
    },
  );
  const polls = (await api('GET', `/api/assemblies/${a}/polls`, chair)) as {
    id: string;
    agendaItemId: string;
    round: number;
    tally: { elected?: { candidateId: string }[] } | null;
  }[];
  for (const p of polls.filter((x) => x.agendaItemId === election))
    for (const e of p.tally?.elected ?? [])
      await api('POST', `/api/polls/${p.id}/acceptances`, chair, {
        memberId: e.candidateId,
        accepted: true,
      });
  // The debate on the motion: three members ask to speak from their phones, one of them on a
  // point of order, which the chair calls first; the list is closed before the vote.
  await api('PUT', `/api/assemblies/${a}/current-item`, chair, { itemId: motion });
  for (const [i, pointOfOrder] of [
    [0, false],
    [17, false],
    [33, true],
  ] as const)
    await api('POST', `/api/assemblies/${a}/speakers/mine`, memberToken(app, a, ids[i] as string), {
      pointOfOrder,
    });
  for (let called = 0; called < 3; called++) {
    await api('POST', `/api/assemblies/${a}/speakers/next`, chair);
    await api('POST', `/api/assemblies/${a}/speakers/timer/start`, chair, { seconds: 180 });
    await api('POST', `/api/assemblies/${a}/speakers/timer/stop`, chair);
  }
  await api('POST', `/api/assemblies/${a}/speakers/close`, chair);
  // An amendment from the floor, moved from a member's phone, admitted by the chair and voted
  // before the main motion; adopted, it words the main motion that is then put to the vote.
  const amendment = (await api(
    'POST',
    `/api/assemblies/${a}/floor-motions`,
    memberToken(app, a, ids[5] as string),
    {
      kind: 'amendment',
      text: 'Statt „Angebote“ heißt es „mindestens drei Angebote, darunter eines für einen Stromspeicher“.',
    },
  )) as { id: string };
  await api('POST', `/api/assemblies/${a}/floor-motions/${amendment.id}/admit`, chair, { reach: 1 });
  const put = (await api('POST', `/api/assemblies/${a}/floor-motions/vote`, chair)) as { pollId: string };
  await api('POST', `/api/polls/${put.pollId}/open`, chair);
  await vote((i) => (i % 4 === 0 ? 'no' : 'yes'))(put.pollId);
  await api('POST', `/api/polls/${put.pollId}/close`, chair);
  await api('POST', `/api/polls/${put.pollId}/declare`, chair, {
    text: 'Der Änderungsantrag ist angenommen.',
  });
  await api('POST', `/api/assemblies/${a}/floor-motions/${amendment.id}/result`, chair, {
    amendedText:
      'Der Vorstand wird beauftragt, bis zur nächsten Versammlung **mindestens drei Angebote für eine Photovoltaikanlage, darunter eines für einen Stromspeicher,** einzuholen.',
  });
  const motionPoll = await runPoll(
    api,
    chair,
    a,
    motion,
    vote((i) => (i % 2 === 0 ? 'no' : i % 3 === 0 ? 'abstain' : 'yes')),
    'Der Antrag ist abgelehnt.',
  );
  await api('POST', `/api/assemblies/${a}/objections`, chair, {
    pollId: motionPoll,
    memberId: ids[7],
    text: '=Widerspruch gegen die Beschlussfassung: die Unterlagen lagen nicht rechtzeitig aus.',
  });
  // Every poll is closed: the chair closes the assembly, and the minutes are final.
  await api('POST', `/api/assemblies/${a}/close`, chair);
  return a;
}

/**
 * Creates, opens, casts, closes and declares one poll. `text` is the declaration, or a step run
 * after the close (e.g. drawing the lot) that returns it; `afterClose` is what happens between the
 * close and the declaration (the tellers' hall count).
 */
async function runPoll(
  api: Inject,
  chair: string,
  a: string,
  itemId: string,
  cast: (pollId: string) => Promise<void>,
  text: string | ((pollId: string) => Promise<string>),
  options: { method?: string; afterClose?: (pollId: string) => Promise<void> } = {},
) {
  const poll = (await api('POST', `/api/assemblies/${a}/polls`, chair, {
    agendaItemId: itemId,
    ...(options.method === undefined ? {} : { method: options.method }),
  })) as { id: string };
  await api('POST', `/api/polls/${poll.id}/open`, chair);
  await cast(poll.id);
  await api('POST', `/api/polls/${poll.id}/close`, chair);
  await options.afterClose?.(poll.id);
  const declaration = typeof text === 'string' ? text : await text(poll.id);
  await api('POST', `/api/polls/${poll.id}/declare`, chair, { text: declaration });
  return poll.id;
}

/** Each present member casts what /my-votes offers them: their own vote and their principals'. */
async function castAll(
  app: FastifyInstance,
  api: Inject,
  a: string,
  pollId: string,
  members: readonly string[],
  ids: readonly string[],
  pattern: (i: number) => unknown,
) {
  for (const memberId of members) {
    const token = memberToken(app, a, memberId);
    const mine = (await api('GET', `/api/polls/${pollId}/my-votes`, token)) as {
      votes: { memberId: string; cast: boolean }[];
    };
    const votes = mine.votes
      .filter((v) => !v.cast)
      .map((v) => ({ memberId: v.memberId, choice: pattern(ids.indexOf(v.memberId)) }));
    if (votes.length > 0) await api('POST', `/api/polls/${pollId}/votes`, token, { votes });
  }
}

/** A member's session token, as the member login would issue it. */
function memberToken(app: FastifyInstance, assemblyId: string, memberId: string): string {
  return app.jwt.sign({ kind: 'member', sub: `member:${memberId}`, memberId, assemblyId, memberNumber: 'M' });
}
