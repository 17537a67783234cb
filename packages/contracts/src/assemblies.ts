import { ITEM_KINDS } from '@plenum/domain';
import { type Static, Type } from 'typebox';
import { CalendarDate, Instant, JsonObject, Nullable, Uuid } from './common.ts';

export const AssemblyForm = Type.Union(
  [Type.Literal('in_person'), Type.Literal('virtual'), Type.Literal('hybrid'), Type.Literal('extended')],
  { description: 'R26, §43b GenG: in person, virtual, hybrid, or the extended procedure.' },
);
export const ItemKind = Type.Enum(ITEM_KINDS, {
  description: 'The agenda item kind fixes the legal threshold and default secrecy (R14, R15, R24).',
});

export const CreateAssemblyBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 300 }),
    form: AssemblyForm,
    place: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
    registeredSeat: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'The eG registered seat (R26).',
    }),
    startsAt: Instant,
    chairName: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    statute: Type.Optional(JsonObject),
  },
  { additionalProperties: false },
);
export type CreateAssemblyBody = Static<typeof CreateAssemblyBody>;

export const UpdateAssemblyBody = Type.Partial(CreateAssemblyBody, { additionalProperties: false });
export type UpdateAssemblyBody = Static<typeof UpdateAssemblyBody>;

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
  statute: JsonObject,
  currentItemId: Nullable(Uuid),
});
export type AssemblyView = Static<typeof AssemblyView>;

export const AgendaItemBody = Type.Object(
  {
    kind: ItemKind,
    title: Type.String({ minLength: 1, maxLength: 500 }),
    body: Type.Optional(Type.String({ maxLength: 100_000 })),
    announcedOn: Type.Optional(Nullable(CalendarDate)),
    details: Type.Optional(
      Type.Object(
        {
          discharge: Type.Optional(
            Type.Object(
              {
                mode: Type.Optional(Type.Union([Type.Literal('collective'), Type.Literal('individual')])),
                period: Type.Object(
                  { from: CalendarDate, to: CalendarDate },
                  { additionalProperties: false },
                ),
                subjectId: Type.Optional(Uuid),
              },
              { additionalProperties: false },
            ),
          ),
          affectedPersonIds: Type.Optional(Type.Array(Uuid)),
          legalFormObjectionQuorumMet: Type.Optional(Type.Boolean()),
          abolishesMultipleVotes: Type.Optional(Type.Boolean()),
          withinAnnouncedItem: Type.Optional(Type.Boolean()),
          convenesExtraordinaryAssembly: Type.Optional(Type.Boolean()),
          seats: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
          votesPerBallot: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type AgendaItemBody = Static<typeof AgendaItemBody>;

export const CandidateView = Type.Object({
  id: Uuid,
  memberId: Uuid,
  memberNumber: Type.String(),
  name: Type.String(),
  position: Type.Integer(),
  acceptedAt: Nullable(Instant),
});

export const AgendaItemView = Type.Object({
  id: Uuid,
  assemblyId: Uuid,
  position: Type.Integer(),
  kind: ItemKind,
  title: Type.String(),
  body: Type.String(),
  announcedOn: Nullable(CalendarDate),
  details: JsonObject,
  legalBasis: Type.String(),
  threshold: Type.Object({ num: Type.Integer(), den: Type.Integer() }),
  decision: Type.Union([Type.Literal('majority'), Type.Literal('election'), Type.Literal('none')]),
  candidates: Type.Array(CandidateView),
});
export type AgendaItemView = Static<typeof AgendaItemView>;

export const CandidateBody = Type.Object({ memberId: Uuid }, { additionalProperties: false });
export const ItemParams = Type.Object({ assemblyId: Uuid, itemId: Uuid }, { additionalProperties: false });
export const CurrentItemBody = Type.Object({ itemId: Nullable(Uuid) }, { additionalProperties: false });
