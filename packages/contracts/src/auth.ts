import { type Static, Type } from 'typebox';
import { Text } from './common.ts';

/** Staff roles; admin passes every staff check. */
export const StaffRole = Type.Union([
  Type.Literal('admin'),
  Type.Literal('chair'),
  Type.Literal('desk'),
  Type.Literal('auditor'),
  /** Counts the hall for the polls of the assemblies the chair appointed them to (C5, R27). */
  Type.Literal('teller'),
]);
export type StaffRole = Static<typeof StaffRole>;

const Uuid = Type.String({ format: 'uuid' });

export const StaffLoginBody = Type.Object(
  {
    username: Text({ minLength: 1, maxLength: 64 }),
    // Bounded so that nobody can make the server hash megabytes with argon2.
    password: Text({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);
export type StaffLoginBody = Static<typeof StaffLoginBody>;

export const MemberLoginBody = Type.Object(
  {
    assemblyId: Uuid,
    memberNumber: Text({ minLength: 1, maxLength: 64 }),
    code: Text({
      minLength: 1,
      maxLength: 64,
      description: 'Access code; case, dashes and spaces do not matter, I/L read as 1 and O as 0.',
    }),
  },
  { additionalProperties: false },
);
export type MemberLoginBody = Static<typeof MemberLoginBody>;

export const StaffPrincipal = Type.Object(
  { kind: Type.Literal('staff'), username: Type.String(), role: StaffRole, displayName: Type.String() },
  { additionalProperties: false },
);
export const MemberPrincipal = Type.Object(
  {
    kind: Type.Literal('member'),
    memberId: Uuid,
    memberNumber: Type.String(),
    assemblyId: Uuid,
    name: Type.String(),
  },
  { additionalProperties: false },
);
export const CurrentUser = Type.Union([StaffPrincipal, MemberPrincipal]);
export type CurrentUser = Static<typeof CurrentUser>;
export type StaffPrincipal = Static<typeof StaffPrincipal>;
export type MemberPrincipal = Static<typeof MemberPrincipal>;

export const LoginResponse = Type.Object(
  {
    user: CurrentUser,
    token: Type.String({ description: 'The JWT, also set as the httpOnly cookie plenum_token.' }),
    expiresAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type LoginResponse = Static<typeof LoginResponse>;

export const MeResponse = Type.Object({ user: CurrentUser }, { additionalProperties: false });
export type MeResponse = Static<typeof MeResponse>;

export const StaffUserCreateBody = Type.Object(
  {
    username: Type.String({ pattern: '^[A-Za-z0-9._-]{3,64}$', description: '3–64 of A–Z a–z 0–9 . _ -' }),
    password: Text({ minLength: 1, maxLength: 1024, description: 'At least 12 characters.' }),
    role: StaffRole,
    displayName: Text({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type StaffUserCreateBody = Static<typeof StaffUserCreateBody>;

export const StaffUser = Type.Object(
  {
    id: Uuid,
    username: Type.String(),
    role: StaffRole,
    displayName: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
    disabledAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { additionalProperties: false },
);
export type StaffUser = Static<typeof StaffUser>;

export const StaffUserList = Type.Object({ users: Type.Array(StaffUser) }, { additionalProperties: false });
export type StaffUserList = Static<typeof StaffUserList>;

export const AccessCodesParams = Type.Object({ assemblyId: Uuid }, { additionalProperties: false });

export const AccessCodesIssueBody = Type.Object(
  {
    regenerate: Type.Optional(
      Type.Boolean({ description: 'Replace existing codes too (the old ones stop working).' }),
    ),
    memberIds: Type.Optional(
      Type.Array(Uuid, { minItems: 1, maxItems: 20_000, description: 'Only these members.' }),
    ),
  },
  { additionalProperties: false },
);
export type AccessCodesIssueBody = Static<typeof AccessCodesIssueBody>;

export const AccessCodesQuery = Type.Object(
  { lang: Type.Optional(Type.Union([Type.Literal('de'), Type.Literal('en')], { default: 'de' })) },
  { additionalProperties: false },
);
export type AccessCodesQuery = Static<typeof AccessCodesQuery>;

export const AccessCodesCsv = Type.String({
  description:
    'UTF-8 CSV with BOM, ";"-separated: member number, given name, family name, email, access code, login link, assembly code. Returned once; only hashes are kept.',
});

export const AccessCodesCounts = Type.Object(
  {
    issued: Type.Integer({ minimum: 0, description: 'Members of the register holding a code.' }),
    members: Type.Integer({ minimum: 0, description: 'Members of the register for this assembly.' }),
  },
  { additionalProperties: false },
);
export type AccessCodesCounts = Static<typeof AccessCodesCounts>;

export const StaffUserParams = Type.Object({ userId: Uuid }, { additionalProperties: false });

/** A login slowed down for one client address after wrong attempts. */
export const LoginThrottle = Type.Object(
  {
    login: Type.String({ description: 'The member number or staff username.' }),
    source: Type.String({ description: 'The client address the wrong attempts came from.' }),
    failures: Type.Integer({ minimum: 1, description: 'Wrong attempts in a row from that address.' }),
    lastFailureAt: Type.String({ format: 'date-time' }),
    nextAttemptAt: Type.String({ format: 'date-time', description: 'When that address may try again.' }),
  },
  { additionalProperties: false },
);
export type LoginThrottle = Static<typeof LoginThrottle>;

export const LoginThrottleList = Type.Object(
  {
    throttles: Type.Array(LoginThrottle),
    maxDelaySeconds: Type.Integer({ minimum: 1, description: 'The longest wait a throttle causes.' }),
  },
  { additionalProperties: false },
);
export type LoginThrottleList = Static<typeof LoginThrottleList>;

export const MemberThrottleLiftBody = Type.Object(
  { memberNumber: Text({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
export type MemberThrottleLiftBody = Static<typeof MemberThrottleLiftBody>;

export const StaffThrottleLiftBody = Type.Object(
  { username: Text({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
export type StaffThrottleLiftBody = Static<typeof StaffThrottleLiftBody>;

export const ThrottleLifted = Type.Object(
  { lifted: Type.Integer({ minimum: 0, description: 'How many addresses were let try again.' }) },
  { additionalProperties: false },
);
export type ThrottleLifted = Static<typeof ThrottleLifted>;
