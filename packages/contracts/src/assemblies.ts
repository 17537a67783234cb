import { ITEM_KINDS } from '@plenum/domain';
import { type Static, Type } from 'typebox';
import { CalendarDate, Instant, Int, JsonObject, Nullable, Text, Uuid } from './common.ts';
import { StatuteInput } from './statute.ts';

export const AssemblyForm = Type.Union(
  [Type.Literal('in_person'), Type.Literal('virtual'), Type.Literal('hybrid'), Type.Literal('extended')],
  { description: 'R26, §43b GenG: in person, virtual, hybrid, or the extended procedure.' },
);
export const ItemKind = Type.Union(
  ITEM_KINDS.map((k) => Type.Literal(k)),
  { description: 'The agenda item kind fixes the legal threshold and default secrecy (R14, R15, R24).' },
);

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
    title: Text({ minLength: 1, maxLength: 500 }),
    body: Type.Optional(Text({ maxLength: 100_000 })),
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
          affectedPersonIds: Type.Optional(Type.Array(Uuid, { maxItems: 100 })),
          legalFormObjectionQuorumMet: Type.Optional(Type.Boolean()),
          abolishesMultipleVotes: Type.Optional(Type.Boolean()),
          withinAnnouncedItem: Type.Optional(Type.Boolean()),
          convenesExtraordinaryAssembly: Type.Optional(Type.Boolean()),
          seats: Type.Optional(Int({ minimum: 1, maximum: 50 })),
          votesPerBallot: Type.Optional(Int({ minimum: 1, maximum: 50 })),
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
