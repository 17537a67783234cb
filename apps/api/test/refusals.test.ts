import { ERROR_CODES, type ErrorCode } from '@plenum/contracts';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerErrorHandling } from '../src/http/errors.ts';
import { refusalStatus } from '../src/http/refusals.ts';
import { Refusal, refuse } from '../src/modules/refusal.ts';

/** Services throw refusals with a code; the one table at the edge chooses the HTTP status. */
describe('refusals', () => {
  const codes = Object.keys(ERROR_CODES) as ErrorCode[];

  it('every error code has an HTTP error status in the table', () => {
    for (const code of codes) {
      const status = refusalStatus(code);
      expect(Number.isInteger(status) && status >= 400 && status < 600, code).toBe(true);
    }
  });

  it('keeps the statuses clients rely on', () => {
    expect(
      Object.fromEntries(
        (
          [
            'poll.not_found',
            'poll.not_open',
            'vote.not_on_roll',
            'vote.empty',
            'proxy.self_grant',
            'auth.throttled',
            'poll.tally_mismatch',
            'server.unavailable',
          ] as const
        ).map((c) => [c, refusalStatus(c)]),
      ),
    ).toEqual({
      'poll.not_found': 404,
      'poll.not_open': 409,
      'vote.not_on_roll': 403,
      'vote.empty': 400,
      'proxy.self_grant': 422,
      'auth.throttled': 429,
      'poll.tally_mismatch': 500,
      'server.unavailable': 503,
    });
  });

  it('the error handler answers a thrown refusal with its table status, code, message and details', async () => {
    const app = Fastify();
    registerErrorHandling(app);
    app.get<{ Params: { code: ErrorCode } }>('/refuse/:code', async (request) => {
      throw new Refusal(request.params.code, 'Refused.', { why: 'test' });
    });
    app.get('/domain', async () => {
      throw refuse({ ok: false, reason: 'vote.duplicate', message: 'Twice.', details: { n: 2 } });
    });
    for (const code of codes) {
      const res = await app.inject({ method: 'GET', url: `/refuse/${code}` });
      expect([res.statusCode, res.json().error], code).toEqual([
        refusalStatus(code),
        expect.objectContaining({ code, message: 'Refused.', details: { why: 'test' } }),
      ]);
    }
    const domain = await app.inject({ method: 'GET', url: '/domain' });
    expect([domain.statusCode, domain.json().error.code, domain.json().error.details]).toEqual([
      409,
      'vote.duplicate',
      { n: 2 },
    ]);
    await app.close();
  });
});
