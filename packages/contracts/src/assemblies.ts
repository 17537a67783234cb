import { ITEM_KINDS } from '@plenum/domain';
import { type Static, Type } from 'typebox';
import { CalendarDate, Instant, Nullable, Text, Uuid } from './common.ts';
import { ItemDetails, Statute } from './results.ts';
import { StatuteInput } from './statute.ts';

export const AssemblyForm = Type.Union(
  [Type.Literal('in_person'), Type.Literal('virtual'), Type.Literal('hybrid'), Type.Literal('extended')],
  { description: 'R26, §43b GenG: in person, virtual, hybrid, or the extended procedure.' },
);
export const ItemKind = Type.Enum(ITEM_KINDS, {
  description: 'The agenda item kind fixes the legal threshold and default secrecy (R14, R15, R24).',
});
export type ItemKind = Static<typeof ItemKind>;
export type AssemblyForm = Static<typeof AssemblyForm>;

export const NoticeChannel = Type.Union(
  [
    Type.Literal('text_form_to_each_member'),
    Type.Literal('statute_public_paper'),
    Type.Literal('website_only'),
    Type.Literal('bundesanzeiger_only'),
  ],
  {
    description:
      'R16, §46(1): letter or e-mail to each member (text form), or the public paper the statute names; a website or the Bundesanzeiger alone is refused.',
  },
);
export type NoticeChannel = Static<typeof NoticeChannel>;

export const LifecycleAction = Type.Union([
  Type.Literal('convene'),
  Type.Literal('open'),
  Type.Literal('close'),
]);
export type LifecycleAction = Static<typeof LifecycleAction>;

export const CreateAssemblyBody = Type.Object(
  {
    title: Text({ minLength: 1, maxLength: 300 }),
    form: AssemblyForm,
    place: Type.Optional(Nullable(Text({ maxLength: 300 }))),
    registeredSeat: Text({
      minLength: 1,
      maxLength: 200,
      description: 'The eG registered seat (R26).',
    }),
    startsAt: Instant,
    chairName: Type.Optional(Nullable(Text({ maxLength: 200 }))),
    statute: Type.Optional(StatuteInput),
  },
  { additionalProperties: false },
);
export type CreateAssemblyBody = Static<typeof CreateAssemblyBody>;

/** Only the fields given change; `statute` is merged into the current settings. Empty: 400. */
export const UpdateAssemblyBody = Type.Partial(CreateAssemblyBody, {
  additionalProperties: false,
  minProperties: 1,
});
export type UpdateAssemblyBody = Static<typeof UpdateAssemblyBody>;

/** Six characters without 0/O/1/I/L, e.g. `K7M3QX`: members type it on the join page. */
const AssemblyCode = Type.String({ pattern: '^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}$' });

export const AssemblyView = Type.Object({
  id: Uuid,
  title: Type.String(),
  form: AssemblyForm,
  place: Nullable(Type.String()),
  registeredSeat: Type.String(),
  startsAt: Instant,
  chairName: Nullable(Type.String()),
  status: Type.Union([
    Type.Literal('preparation'),
    Type.Literal('convened'),
    Type.Literal('open'),
    Type.Literal('closed'),
  ]),
  statute: Statute,
  currentItemId: Nullable(Uuid),
  code: AssemblyCode,
  /** R16: when and how the assembly was convened; null while in preparation. */
  convening: Nullable(
    Type.Object({
      invitedOn: CalendarDate,
      channel: NoticeChannel,
      accessDetails: Nullable(Type.String()),
      /** C3: proxies are registered until then (null: no deadline). */
      proxyDeadline: Nullable(Instant),
      at: Instant,
    }),
  ),
  openedAt: Nullable(Instant),
  closedAt: Nullable(Instant),
  /** The one lifecycle step that comes next; null once the assembly is closed. */
  nextAction: Nullable(LifecycleAction),
});
export type AssemblyView = Static<typeof AssemblyView>;

/**
 * The motion text, in the small markup the web app renders itself (never as HTML): paragraphs
 * separated by a blank line, lines starting with `- ` or `1. ` as lists, `**bold**`.
 */
export const MotionText = Text({
  maxLength: 100_000,
  description: 'Motion text: paragraphs, "- " and "1. " lists, **bold**; shown as text, never as HTML.',
});
/** Who proposes the motion ("Vorstand", "Aufsichtsrat", a member's name). */
export const Proposer = Text({ maxLength: 200, description: 'Who proposes the motion, e.g. "Vorstand".' });
const AssemblyStatus = Type.Union([
  Type.Literal('preparation'),
  Type.Literal('convened'),
  Type.Literal('open'),
  Type.Literal('closed'),
]);

/** What anyone may know about an assembly: what the projector and the letters print. */
export const PublicAssembly = Type.Object(
  {
    id: Uuid,
    code: AssemblyCode,
    title: Type.String(),
    place: Nullable(Type.String()),
    startsAt: Instant,
    status: AssemblyStatus,
  },
  { additionalProperties: false },
);
export type PublicAssembly = Static<typeof PublicAssembly>;

export const AssemblyCodeParams = Type.Object(
  {
    code: Text({
      minLength: 1,
      maxLength: 20,
      description: 'The short code; case, spaces and dashes do not matter.',
    }),
  },
  { additionalProperties: false },
);
export type AssemblyCodeParams = Static<typeof AssemblyCodeParams>;

/** The start page: the cooperative and the assembly it is about (none before the first one). */
export const CurrentAssemblyView = Type.Object(
  { cooperative: Nullable(Type.String()), assembly: Nullable(PublicAssembly) },
  { additionalProperties: false },
);
export type CurrentAssemblyView = Static<typeof CurrentAssemblyView>;

export const ConveneBody = Type.Object(
  {
    invitedOn: CalendarDate,
    channel: NoticeChannel,
    accessDetails: Type.Optional(
      Text({
        minLength: 1,
        maxLength: 2000,
        description: 'How to take part online: required for a virtual, hybrid or extended assembly.',
      }),
    ),
    proxyDeadline: Type.Optional(Instant),
    auditReportPending: Type.Optional(
      Type.Boolean({
        description:
          'R19, §59(1): an audit was completed since the last assembly; its report must be on the agenda.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type ConveneBody = Static<typeof ConveneBody>;

export const LifecycleWarning = Type.Object(
  { code: Type.String(), message: Type.String() },
  { additionalProperties: false },
);

export const LifecycleResult = Type.Object(
  {
    assembly: AssemblyView,
    warnings: Type.Array(LifecycleWarning, {
      description: 'Findings that do not stop the step, e.g. an annual assembly after month six (R20).',
    }),
  },
  { additionalProperties: false },
);
export type LifecycleResult = Static<typeof LifecycleResult>;

export const AgendaItemBody = Type.Object(
  {
    kind: ItemKind,
    title: Text({ minLength: 1, maxLength: 500 }),
    body: Type.Optional(MotionText),
    proposer: Type.Optional(Proposer),
    announcedOn: Type.Optional(Nullable(CalendarDate)),
    details: Type.Optional(ItemDetails),
  },
  { additionalProperties: false },
);
export type AgendaItemBody = Static<typeof AgendaItemBody>;

/** Changes the text of an item while none of its polls has opened; only the fields given change. */
export const UpdateAgendaItemBody = Type.Object(
  {
    title: Type.Optional(Text({ minLength: 1, maxLength: 500 })),
    body: Type.Optional(MotionText),
    proposer: Type.Optional(Proposer),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateAgendaItemBody = Static<typeof UpdateAgendaItemBody>;

/** The largest PDF an agenda item accepts, and the largest candidate photo. */
export const DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;
export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;

/** A PDF attached to an agenda item; `url` downloads it (members of the assembly and staff). */
export const DocumentView = Type.Object({
  id: Uuid,
  itemId: Uuid,
  filename: Type.String(),
  contentType: Type.Literal('application/pdf'),
  size: Type.Integer(),
  sha256: Type.String({ description: 'Hex sha256 of the file; the ledger binds it.' }),
  url: Type.String(),
});
export type DocumentView = Static<typeof DocumentView>;

/** The upload's body is the PDF itself (application/pdf); its name travels in the query. */
export const DocumentUploadQuery = Type.Object(
  { filename: Text({ minLength: 1, maxLength: 200, description: 'The file name to show and offer.' }) },
  { additionalProperties: false },
);
export const DocumentParams = Type.Object(
  { assemblyId: Uuid, documentId: Uuid },
  { additionalProperties: false },
);
export const CandidateParams = Type.Object(
  { assemblyId: Uuid, itemId: Uuid, candidateId: Uuid },
  { additionalProperties: false },
);
export const CandidatePhotoParams = Type.Object(
  { assemblyId: Uuid, candidateId: Uuid },
  { additionalProperties: false },
);
export const CandidateProfileBody = Type.Object(
  { statement: Text({ maxLength: 2000, description: "The candidate's short statement; '' removes it." }) },
  { additionalProperties: false },
);

export const CandidateView = Type.Object({
  id: Uuid,
  memberId: Uuid,
  memberNumber: Type.String(),
  name: Type.String(),
  position: Type.Integer(),
  acceptedAt: Nullable(Instant),
  statement: Type.String(),
  /** The photo's address, or null without one. */
  photoUrl: Nullable(Type.String()),
});

export const AgendaItemView = Type.Object({
  id: Uuid,
  assemblyId: Uuid,
  position: Type.Integer(),
  kind: ItemKind,
  title: Type.String(),
  body: Type.String(),
  proposer: Type.String(),
  announcedOn: Nullable(CalendarDate),
  details: ItemDetails,
  legalBasis: Type.String(),
  threshold: Type.Object({ num: Type.Integer(), den: Type.Integer() }),
  decision: Type.Union([Type.Literal('majority'), Type.Literal('election'), Type.Literal('none')]),
  candidates: Type.Array(CandidateView),
  documents: Type.Array(DocumentView),
});
export type AgendaItemView = Static<typeof AgendaItemView>;

export type CandidateView = Static<typeof CandidateView>;
export const CandidateBody = Type.Object({ memberId: Uuid }, { additionalProperties: false });
export const ItemParams = Type.Object({ assemblyId: Uuid, itemId: Uuid }, { additionalProperties: false });
export const CurrentItemBody = Type.Object({ itemId: Nullable(Uuid) }, { additionalProperties: false });

/** A new agenda item or candidate: its id and position. */
export const Positioned = Type.Object({ id: Type.String(), position: Type.Integer() });
export type Positioned = Static<typeof Positioned>;
export const CurrentItemView = Type.Object({
  assemblyId: Type.String(),
  currentItemId: Type.Union([Type.String(), Type.Null()]),
});
export type CurrentItemView = Static<typeof CurrentItemView>;
