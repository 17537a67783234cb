import { type Static, Type } from 'typebox';

export const DatabaseKind = Type.Union([Type.Literal('embedded'), Type.Literal('postgres')]);

export type DatabaseKind = Static<typeof DatabaseKind>;

export const HealthOk = Type.Object(
  {
    status: Type.Literal('ok'),
    database: DatabaseKind,
    migrations: Type.Integer({ minimum: 0, description: 'Number of migrations applied.' }),
  },
  { additionalProperties: false },
);
export type HealthOk = Static<typeof HealthOk>;

export const HealthUnavailable = Type.Object(
  {
    status: Type.Literal('unavailable'),
    database: DatabaseKind,
    reason: Type.String(),
  },
  { additionalProperties: false },
);
export type HealthUnavailable = Static<typeof HealthUnavailable>;

export type Health = HealthOk | HealthUnavailable;
