// Response types the web app relies on. They mirror the API's TypeBox schemas; once
// @plenum/contracts is a dependency of the web app they should be imported from there instead.

export type DatabaseKind = 'embedded' | 'postgres';

export interface HealthOk {
  readonly status: 'ok';
  readonly database: DatabaseKind;
  readonly migrations: number;
}

/** Sent with HTTP 503 when the process is up but the database is not. */
export interface HealthUnavailable {
  readonly status: 'unavailable';
  readonly database: DatabaseKind;
  readonly reason: string;
}

export type Health = HealthOk | HealthUnavailable;

function isDatabaseKind(value: unknown): value is DatabaseKind {
  return value === 'embedded' || value === 'postgres';
}

export function isHealth(value: unknown): value is Health {
  if (typeof value !== 'object' || value === null) return false;
  const body = value as Record<string, unknown>;
  if (!isDatabaseKind(body.database)) return false;
  if (body.status === 'ok') return Number.isInteger(body.migrations);
  if (body.status === 'unavailable') return typeof body.reason === 'string';
  return false;
}
