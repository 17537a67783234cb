import { type Static, Type } from 'typebox';
import { MEMBERS_CSV_LINE_CODES } from './codes/members.codes.ts';
import { Int, Text } from './common.ts';

export { MEMBERS_CSV_LINE_CODES } from './codes/members.codes.ts';

const Uuid = Type.String({ format: 'uuid' });
const CalendarDate = Type.String({ format: 'date', description: 'A calendar date, YYYY-MM-DD.' });

export const MemberKind = Type.Union([
  Type.Literal('natural_person'),
  Type.Literal('legal_person'),
  Type.Literal('partnership'),
]);

/** Where a member stands today: computed from the register dates, never stored. */
export const MemberStatus = Type.Union(
  [
    Type.Literal('active'),
    Type.Literal('notice_given'),
    Type.Literal('exited'),
    Type.Literal('expelled'),
    Type.Literal('deceased'),
  ],
  { description: 'active, notice_given (still a member until the exit date), exited, expelled, deceased.' },
);
export type MemberStatus = Static<typeof MemberStatus>;

export const MemberSummary = Type.Object(
  {
    id: Uuid,
    memberNumber: Type.String(),
    givenName: Type.String(),
    familyName: Type.String(),
    email: Type.Union([Type.String(), Type.Null()]),
    shares: Type.Integer({ minimum: 0 }),
    admissionDate: CalendarDate,
    exitDate: Type.Union([CalendarDate, Type.Null()]),
    kind: MemberKind,
    status: MemberStatus,
  },
  { additionalProperties: false },
);
export type MemberSummary = Static<typeof MemberSummary>;

// ---- import ----------------------------------------------------------------------------------

export const MembersImportQuery = Type.Object(
  {
    mode: Type.Optional(
      Type.Union([Type.Literal('all_or_nothing'), Type.Literal('valid_lines')], {
        default: 'all_or_nothing',
        description: 'all_or_nothing: any invalid line refuses the whole file. valid_lines: import the rest.',
      }),
    ),
    dryRun: Type.Optional(
      Type.Boolean({ default: false, description: 'Report what would happen; write nothing.' }),
    ),
  },
  { additionalProperties: false },
);
export type MembersImportQuery = Static<typeof MembersImportQuery>;

export const MembersImportBody = Text({
  minLength: 1,
  maxLength: 20 * 1024 * 1024,
  description: 'The register as CSV text (UTF-8; `;` or `,`; German or English headers).',
});

const lineCodes = Object.keys(MEMBERS_CSV_LINE_CODES) as (keyof typeof MEMBERS_CSV_LINE_CODES)[];
export const CsvLineErrorCode = Type.Enum(lineCodes, { description: 'See MEMBERS_CSV_LINE_CODES.' });

export const MEMBER_FIELDS = [
  'memberNumber',
  'givenName',
  'familyName',
  'email',
  'shares',
  'admissionDate',
  'exitDate',
  'noticeGivenOn',
  'kind',
  'investing',
  'votes',
] as const;
export const MemberField = Type.Enum(MEMBER_FIELDS);

export const ImportLine = Type.Object(
  {
    line: Type.Integer({ minimum: 2, description: 'Line number in the file (the header is line 1).' }),
    memberNumber: Type.Union([Type.String(), Type.Null()]),
    status: Type.Union([
      Type.Literal('created'),
      Type.Literal('updated'),
      Type.Literal('unchanged'),
      Type.Literal('refused'),
    ]),
    errors: Type.Array(
      Type.Object(
        {
          field: Type.Union([MemberField, Type.Null()]),
          code: CsvLineErrorCode,
          message: Type.String(),
        },
        { additionalProperties: false },
      ),
    ),
    changes: Type.Optional(Type.Array(MemberField, { description: 'Fields an update changed.' })),
  },
  { additionalProperties: false },
);
export type ImportLine = Static<typeof ImportLine>;

export const MembersImportReport = Type.Object(
  {
    mode: Type.Union([Type.Literal('all_or_nothing'), Type.Literal('valid_lines')]),
    dryRun: Type.Boolean(),
    delimiter: Type.Union([Type.Literal(';'), Type.Literal(','), Type.Literal('\t')]),
    sha256: Type.String({ description: 'sha256 of the file as received (hex).' }),
    ignoredColumns: Type.Array(Type.String(), { description: 'Header names that matched no field.' }),
    created: Type.Integer({ minimum: 0 }),
    updated: Type.Integer({ minimum: 0 }),
    unchanged: Type.Integer({ minimum: 0 }),
    refused: Type.Integer({ minimum: 0 }),
    lines: Type.Array(ImportLine),
  },
  { additionalProperties: false },
);
export type MembersImportReport = Static<typeof MembersImportReport>;

// ---- list and detail ---------------------------------------------------------------------------

export const MembersListQuery = Type.Object(
  {
    q: Type.Optional(
      Text({
        maxLength: 200,
        description: 'Member number prefix, or parts of the name (case- and umlaut-insensitive).',
      }),
    ),
    limit: Type.Optional(Int({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Text({ maxLength: 400, description: 'nextCursor of the previous page.' })),
  },
  { additionalProperties: false },
);
export type MembersListQuery = Static<typeof MembersListQuery>;

export const MembersPage = Type.Object(
  {
    items: Type.Array(MemberSummary),
    total: Type.Integer({ minimum: 0, description: 'Members matching q (all pages).' }),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type MembersPage = Static<typeof MembersPage>;

export const MemberParams = Type.Object({ memberId: Uuid }, { additionalProperties: false });

export const RepresentativeKind = Type.Union([
  Type.Literal('legal_representative'),
  Type.Literal('authorised_partner'),
  Type.Literal('heirs_joint_representative'),
]);

export const Representative = Type.Object(
  {
    id: Uuid,
    memberId: Uuid,
    personId: Uuid,
    representativeMemberId: Type.Union([Uuid, Type.Null()]),
    name: Type.String(),
    kind: RepresentativeKind,
  },
  { additionalProperties: false },
);
export type Representative = Static<typeof Representative>;

export const OfficeBody = Type.Union([
  Type.Literal('management_board'),
  Type.Literal('supervisory_board'),
  Type.Literal('prokura'),
]);

export const Office = Type.Object(
  {
    id: Uuid,
    memberId: Uuid,
    memberNumber: Type.String(),
    name: Type.String(),
    body: OfficeBody,
    from: CalendarDate,
    to: Type.Union([CalendarDate, Type.Null()]),
  },
  { additionalProperties: false },
);
export type Office = Static<typeof Office>;

export const MemberDetail = Type.Object(
  {
    ...MemberSummary.properties,
    noticeGivenOn: Type.Union([CalendarDate, Type.Null()]),
    deceasedOn: Type.Union([CalendarDate, Type.Null()]),
    expulsionLetterSentAt: Type.Union([Type.String(), Type.Null()]),
    investing: Type.Boolean(),
    votes: Type.Integer({ minimum: 1, maximum: 3 }),
    hasLegalCapacity: Type.Boolean(),
    representatives: Type.Array(Representative),
    offices: Type.Array(Office),
  },
  { additionalProperties: false },
);
export type MemberDetail = Static<typeof MemberDetail>;

// ---- representatives (§43(4), §77(1) GenG) ----------------------------------------------------

export const AddRepresentativeBody = Type.Object(
  {
    name: Text({ minLength: 1, maxLength: 200 }),
    representativeMemberId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    kind: RepresentativeKind,
  },
  { additionalProperties: false },
);
export type AddRepresentativeBody = Static<typeof AddRepresentativeBody>;

export const RepresentativeParams = Type.Object(
  { memberId: Uuid, representativeId: Uuid },
  { additionalProperties: false },
);

// ---- board offices (§43(6) exclusions) -------------------------------------------------------

export const AddOfficeBody = Type.Object(
  {
    memberId: Uuid,
    body: OfficeBody,
    from: CalendarDate,
    to: Type.Optional(Type.Union([CalendarDate, Type.Null()])),
  },
  { additionalProperties: false },
);
export type AddOfficeBody = Static<typeof AddOfficeBody>;

export const EndOfficeBody = Type.Object(
  { to: CalendarDate },
  { additionalProperties: false, description: 'The last day in office.' },
);
export type EndOfficeBody = Static<typeof EndOfficeBody>;

export const OfficeParams = Type.Object({ officeId: Uuid }, { additionalProperties: false });

export const OfficesQuery = Type.Object(
  {
    memberId: Type.Optional(Uuid),
    body: Type.Optional(OfficeBody),
    on: Type.Optional(Type.String({ format: 'date', description: 'Only terms held on this day.' })),
  },
  { additionalProperties: false },
);
export type OfficesQuery = Static<typeof OfficesQuery>;

export const OfficesList = Type.Object({ items: Type.Array(Office) }, { additionalProperties: false });
